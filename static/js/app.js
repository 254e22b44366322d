// A 400 from our forms is an answer (the form with its errors, or why a move was
// refused), swapped in place by the htmx-config in base.html. Stop it here, below the
// document, so django-htmx's DEBUG handler does not replace the whole page with it.
document.addEventListener("DOMContentLoaded", function () {
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 400) event.stopPropagation();
  });
});
