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

// A table or chart wider than its box says so above it (the box scrolls sideways); the sign goes
// when the screen is wide enough. Boxes: .table-responsive and .insights-figure.
const scrollHint = document.body.dataset.scrollHint;
const markScrollable = () => {
  document.querySelectorAll(".table-responsive, .insights-figure").forEach((box) => {
    const scrollable = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", scrollable);
    let hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("scroll-hint")) {
      if (!scrollable || !scrollHint) {
        return;
      }
      hint = document.createElement("p");
      hint.className = "scroll-hint no-print";
      hint.textContent = scrollHint;
      box.before(hint);
    }
    hint.hidden = !scrollable;
  });
};
markScrollable();
window.addEventListener("resize", markScrollable);
