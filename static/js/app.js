// A 400 from our forms is an answer (the form with its errors, or why a move was
// refused), swapped in place by the htmx-config in base.html. Stop it here, below the
// document, so django-htmx's DEBUG handler does not replace the whole page with it.
document.addEventListener("DOMContentLoaded", function () {
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 400) event.stopPropagation();
  });
});

// Small behaviours declared in the markup with data attributes, handled here once for
// the whole document (htmx-swapped parts included): the Content-Security-Policy allows
// no inline event handlers.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
  if (event.target.closest("[data-back]") && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
  var copy = event.target.closest("[data-copy]");
  if (copy) {
    var input = document.getElementById(copy.dataset.copy);
    input.select();
    if (navigator.clipboard) navigator.clipboard.writeText(input.value);
    else document.execCommand("copy");
    copy.textContent = copy.dataset.copied;
  }
});
document.addEventListener("submit", function (event) {
  var message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});
