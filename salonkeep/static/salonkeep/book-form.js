/* Salonkeep new-appointment form: add and remove service lines, each new line starting
 * where the previous one ends (the person's own timing for that service); Enter in the
 * client search searches. Live client search itself is htmx (see book/new.html).
 * Without JavaScript the form's own buttons do the same on the server.
 */
(function () {
  "use strict";

  var MINUTES_PER_DAY = 1440;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clock(minutes) {
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function initAppointmentForm(form) {
    var lines = document.getElementById("book-lines");
    var template = document.getElementById("book-line-template");
    var total = form.querySelector('input[name="lines-TOTAL_FORMS"]');
    var maxLines = Number((form.querySelector('input[name="lines-MAX_NUM_FORMS"]') || {}).value) || 12;
    var addButton = document.getElementById("add-line");
    var minutesData = JSON.parse(document.getElementById("book-service-minutes").textContent);

    function field(line, suffix) {
      return line.querySelector('[name$="-' + suffix + '"]');
    }

    function allLines() {
      return Array.prototype.slice.call(lines.querySelectorAll("[data-book-line]"));
    }

    function clientMinutes(serviceId, memberId) {
      var service = minutesData[serviceId];
      if (!service) return null;
      var own = service.members[memberId];
      return own === undefined ? service.minutes : own;
    }

    function endOf(line) {
      var service = field(line, "service").value;
      var start = field(line, "start").value;
      if (!service || !/^\d\d:\d\d/.test(start)) return "";
      var minutes = clientMinutes(service, field(line, "team_member").value);
      if (minutes === null) return "";
      var end = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + minutes;
      return end < MINUTES_PER_DAY ? clock(end) : "";
    }

    // A start filled in by the page follows the previous line until the person types one.
    function refreshStarts() {
      var all = allLines();
      for (var i = 1; i < all.length; i++) {
        var start = field(all[i], "start");
        if (start.dataset.auto === "1") start.value = endOf(all[i - 1]);
      }
    }

    function renumber() {
      var all = allLines();
      all.forEach(function (line, index) {
        line.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
          ["name", "id", "for"].forEach(function (attribute) {
            var value = element.getAttribute(attribute);
            if (value) element.setAttribute(attribute, value.replace(/lines-(\d+|__prefix__)-/, "lines-" + index + "-"));
          });
        });
        line.querySelector(".remove-line").hidden = all.length < 2;
      });
      total.value = all.length;
      addButton.hidden = all.length >= maxLines;
    }

    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML;
      var line = holder.querySelector("[data-book-line]");
      var previous = allLines().pop();
      var start = field(line, "start");
      start.dataset.auto = "1";
      if (previous) {
        start.value = endOf(previous);
        field(line, "team_member").value = field(previous, "team_member").value;
      }
      lines.appendChild(line);
      renumber();
      field(line, "service").focus();
    });

    lines.addEventListener("click", function (event) {
      var button = event.target.closest(".remove-line");
      if (!button) return;
      button.closest("[data-book-line]").remove();
      renumber();
      refreshStarts();
    });

    lines.addEventListener("input", function (event) {
      if (/-start$/.test(event.target.name || "")) delete event.target.dataset.auto;
    });
    lines.addEventListener("change", refreshStarts);

    // Typing a new client's name picks "New client"; picking a result un-picks it.
    var newClient = document.getElementById("client-new");
    form.addEventListener("input", function (event) {
      if (/^new_/.test(event.target.name || "") && event.target.value) newClient.checked = true;
    });

    // Enter in the search box searches (htmx) rather than booking.
    var search = form.querySelector('input[name="client_query"]');
    var findButton = form.querySelector('button[name="find_client"]');
    if (findButton && window.htmx) findButton.hidden = true;
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search.dispatchEvent(new Event("search"));
      }
    });

    renumber();
  }

  function init() {
    var form = document.getElementById("new-appointment");
    if (form) initAppointmentForm(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
