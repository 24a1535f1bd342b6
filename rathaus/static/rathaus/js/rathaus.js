// Small enhancements; every page works without them (the module is loaded with type="module",
// so old browsers skip it).

// Error summary (GOV.UK pattern): move focus to it when the page loads, so screen readers
// announce the problems; a link in it focuses its field and scrolls the field's label into view.
const summary = document.querySelector(".rh-error-summary");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const control = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!control) {
      return;
    }
    event.preventDefault();
    const fieldset = control.closest("fieldset");
    const caption =
      (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector(`label[for="${CSS.escape(control.id)}"]`) ||
      control;
    caption.scrollIntoView();
    control.focus({ preventScroll: true });
  });
}
