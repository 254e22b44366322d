// Period filters ([data-period-filter] forms: the dashboard, the scorecard, compliance and
// the response list) apply on every change through htmx. Choosing "Custom dates" must not:
// with no dates yet the figures would vanish under an error before a date could be typed.
// So here, before htmx sees the change: choosing "Custom dates" only reveals the two dates
// (CSS does that), filled with the period shown until then; a date applies once both are
// valid and in order, a moment after the last keystroke (a date typed digit by digit passes
// through years like 0002); until then the figures stay and the problem is said next to
// the dates. Without JavaScript the form's button submits and the server checks the same.
(function () {
  "use strict";

  var DEBOUNCE_MS = 600;
  var DAY_MS = 86400000;

  function parse(value) {
    // Dates only, as ISO strings and UTC midnights: no time zone can shift a day.
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!match || Number(match[1]) < 1900) return null;
    return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  }

  function iso(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  function Filter(form) {
    this.form = form;
    this.period = form.querySelector("select[name=period]");
    this.from = form.querySelector("input[name=date_from]");
    this.to = form.querySelector("input[name=date_to]");
    this.custom = form.dataset.custom || "custom";
    this.shown = this.period.value; // the period whose figures are on the page
    this.timer = null;
  }

  Filter.prototype.isCustom = function () {
    return this.period.value === this.custom;
  };

  // The first and last day of a preset ("30": the last 30 days, today included).
  Filter.prototype.bounds = function (period) {
    var days = Number(period);
    var today = parse(this.form.dataset.today);
    if (!days || today === null) return null;
    return [iso(today - (days - 1) * DAY_MS), iso(today)];
  };

  // What is wrong with the two dates, or "" when they can be applied.
  Filter.prototype.problem = function () {
    var start = parse(this.from.value);
    var end = parse(this.to.value);
    var data = this.form.dataset;
    if (start === null || end === null) return data.msgIncomplete;
    if (start > end) return data.msgOrder;
    var maxDays = Number(data.maxDays);
    if (maxDays && (end - start) / DAY_MS > maxDays) return data.msgLong;
    return "";
  };

  Filter.prototype.say = function (text) {
    // Looked up each time: the server may have swapped in its own (out of band).
    var message = this.form.querySelector("[data-period-error]");
    if (!message) return;
    message.textContent = text;
    message.hidden = !text;
    var invalid = text ? "true" : "false";
    this.from.setAttribute("aria-invalid", invalid);
    this.to.setAttribute("aria-invalid", invalid);
  };

  Filter.prototype.chooseCustom = function () {
    // Start from the period on screen, so changing one date is all it takes.
    var bounds = this.bounds(this.shown);
    if (bounds) {
      this.from.value = bounds[0];
      this.to.value = bounds[1];
    } else if (!this.to.value && this.form.dataset.today) {
      this.to.value = this.form.dataset.today;
    }
    this.say("");
    this.from.focus();
  };

  Filter.prototype.applyDates = function () {
    var problem = this.problem();
    this.say(problem);
    if (problem) return;
    this.shown = this.custom;
    this.form.requestSubmit();
  };

  Filter.prototype.onChange = function (event) {
    var target = event.target;
    if (target === this.period) {
      if (this.isCustom()) {
        event.stopPropagation(); // htmx would apply custom dates not typed yet
        this.chooseCustom();
      } else {
        window.clearTimeout(this.timer);
        this.say("");
        this.shown = this.period.value;
      }
      return;
    }
    if ((target === this.from || target === this.to) && this.isCustom()) {
      event.stopPropagation();
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(this.applyDates.bind(this), DEBOUNCE_MS);
    }
  };

  Filter.prototype.onSubmit = function (event) {
    window.clearTimeout(this.timer);
    if (!this.isCustom()) {
      this.shown = this.period.value;
      return;
    }
    var problem = this.problem();
    this.say(problem);
    if (problem) {
      // Keep the figures on screen: neither htmx nor the browser sends the form.
      event.preventDefault();
      event.stopImmediatePropagation();
      (parse(this.from.value) === null ? this.from : this.to).focus();
    } else {
      this.shown = this.custom;
    }
  };

  function init(form) {
    if (form.dataset.periodReady) return;
    var filter = new Filter(form);
    if (!filter.period || !filter.from || !filter.to) return;
    form.dataset.periodReady = "1";
    // Capturing on the form runs before the listeners htmx put on it.
    form.addEventListener("change", filter.onChange.bind(filter), true);
    form.addEventListener("submit", filter.onSubmit.bind(filter), true);
  }

  function initAll() {
    document.querySelectorAll("form[data-period-filter]").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
