// Upload progress for large files (the members import in the back office). The form posts
// through XMLHttpRequest so that the page can show how much has been sent, then how long the
// server is still working, and finally shows the server's answer as if the form had posted
// itself. No inline code: the Content-Security-Policy allows scripts from our own origin only.
// Without this script the form simply posts.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-upload-progress]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const box = form.querySelector("[data-upload-status]");
  if (!box) return;
  event.preventDefault();
  const bar = box.querySelector("progress");
  const text = box.querySelector("[role=status]");
  const submit = form.querySelector("[type=submit]");
  const say = (message) => { text.textContent = message; };

  box.hidden = false;
  submit.disabled = true;
  bar.value = 0;
  say(`${box.dataset.uploading}: 0 %`);

  const request = new XMLHttpRequest();
  request.open("POST", form.action || window.location.href);
  request.upload.addEventListener("progress", (progress) => {
    if (!progress.lengthComputable) return;
    const percent = Math.floor((progress.loaded / progress.total) * 100);
    bar.value = percent;
    say(`${box.dataset.uploading}: ${percent} %`);
  });
  request.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // indeterminate: the server checks and saves the rows
    say(box.dataset.processing);
  });
  request.addEventListener("load", () => {
    // The answer (the summary after the redirect, or the list of bad rows) replaces the page.
    window.history.replaceState(null, "", request.responseURL || window.location.href);
    document.open();
    document.write(request.responseText);
    document.close();
  });
  request.addEventListener("error", () => {
    bar.value = 0;
    submit.disabled = false;
    say(box.dataset.failed);
  });
  request.send(new FormData(form));
});
