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

// The new-review form: the interaction time is typed on the clock of the place where it
// happened. When the consultant or the location changes, name that place's zone and, if
// the reviewer has not typed a time yet, move the pre-filled "now" onto its clock.
function wallClockNow(zone) {
  // sv-SE writes "2026-12-07 15:48", the shape a datetime-local input takes (with a T).
  var text = new Intl.DateTimeFormat("sv-SE", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(new Date());
  return text.replace(" ", "T");
}
function placeZone(form) {
  var location = form.querySelector("select[name=location]");
  var consultant = form.querySelector("select[name=consultant]");
  var picked = location && location.value ? location : consultant;
  var option = picked && picked.selectedOptions[0];
  return option && option.dataset.zone;
}
document.addEventListener("change", function (event) {
  var form = event.target.closest("[data-wall-clock-form]");
  if (!form) return;
  var input = form.querySelector("[data-wall-clock]");
  if (event.target === input) {
    input.dataset.typed = "1";
    return;
  }
  if (!event.target.matches("select[name=consultant], select[name=location]")) return;
  var zone = placeZone(form);
  if (!zone) return;
  var label = form.querySelector("[data-zone-name]");
  if (label) label.textContent = zone;
  if (input && !input.dataset.typed) {
    try { input.value = wallClockNow(zone); } catch (e) { /* an unknown zone: keep the value */ }
  }
});

// A printed checklist is the whole checklist: open every folded moment before printing.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".checklist details").forEach(function (details) {
    details.open = true;
  });
});

// The header's menus are popovers: they open and close without this script, and the
// browser already reports their state. This keeps aria-expanded on each button in step for
// assistive technology that reads only the attribute, and closes the phone menu when the
// window grows wide enough to show the links in the bar (it would float over them).
document.addEventListener("toggle", function (event) {
  var panel = event.target;
  if (!panel.id || !panel.hasAttribute || !panel.hasAttribute("popover")) return;
  var open = event.newState === "open";
  document.querySelectorAll('[popovertarget="' + panel.id + '"]').forEach(function (button) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
}, true);
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[popovertarget]").forEach(function (button) {
    button.setAttribute("aria-expanded", "false");
  });
  var wide = window.matchMedia("(min-width: 1024px)");
  var closeMenu = function () {
    var menu = document.getElementById("sitemenu");
    if (wide.matches && menu && menu.hidePopover && menu.matches(":popover-open")) menu.hidePopover();
  };
  if (wide.addEventListener) wide.addEventListener("change", closeMenu);
});
