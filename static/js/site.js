// Small behaviours of the site's pages. No inline handlers: the Content-Security-Policy
// allows scripts from our own origin only.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
