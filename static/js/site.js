// Small behaviours of the site's pages. No inline handlers: the Content-Security-Policy
// allows scripts from our own origin only.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Copy buttons: <button data-copy="#id" data-copied="…" hidden>. Hidden until this script runs,
// so a page without JavaScript shows only the text to copy by hand.
document.querySelectorAll("[data-copy], [data-print]").forEach((button) => {
  button.hidden = false;
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const source = document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) {
    return;
  }
  await navigator.clipboard.writeText(source.textContent.trim());
  const label = button.textContent;
  button.textContent = button.dataset.copied || label;
  setTimeout(() => {
    button.textContent = label;
  }, 2000);
});
