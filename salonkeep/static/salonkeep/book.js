/* Salonkeep appointment book.
 *
 * Day and week views: drag an appointment (pointer events: mouse, touch, pen) to move it,
 * snapping to 15 minutes; dropping it in another team member's column hands that
 * person's services to the other (day view) or moves it to another day (week view). The
 * server decides: on refusal the block snaps back and the reason is shown. A press
 * without movement is an ordinary click and opens the appointment; a click on an empty
 * time opens a new appointment for that person and time.
 *
 * Without JavaScript everything still works through links and forms.
 */
(function () {
  "use strict";

  var DRAG_THRESHOLD = 5; // pixels a press must travel before it becomes a drag
  var EDGE = 36; // pixels from the book's edge where dragging scrolls it
  var MINUTES_PER_DAY = 1440;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clock(minutes) {
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function addDays(isoDay, days) {
    var day = new Date(isoDay + "T12:00:00Z");
    day.setUTCDate(day.getUTCDate() + days);
    return day.toISOString().slice(0, 10);
  }

  function daysBetween(first, second) {
    return Math.round((Date.parse(second + "T12:00:00Z") - Date.parse(first + "T12:00:00Z")) / 86400000);
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      try {
        var token = JSON.parse(headers)["X-CSRFToken"];
        if (token) return token;
      } catch (error) { /* fall back to the cookie */ }
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* ---- the book: messages ---- */

  function say(text, isError) {
    var box = document.getElementById("book-message");
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("error", Boolean(isError));
    box.setAttribute("role", isError ? "alert" : "status");
    box.hidden = false;
  }

  function minutesPerPixel(grid) {
    var column = grid.querySelector(".book-column");
    var hours = parseFloat(getComputedStyle(grid).getPropertyValue("--hours")) || 1;
    return (hours * 60) / column.getBoundingClientRect().height;
  }

  function columnAt(grid, clientX) {
    var columns = grid.querySelectorAll(".book-column");
    for (var i = 0; i < columns.length; i++) {
      var rect = columns[i].getBoundingClientRect();
      if (clientX >= rect.left && clientX < rect.right) return columns[i];
    }
    return null;
  }

  /* ---- the book: drag and drop ---- */

  var drag = null;
  var suppressClick = false;

  function groupOf(block) {
    var grid = block.closest(".book");
    return Array.prototype.slice.call(
      grid.querySelectorAll('.appt[data-appointment="' + block.dataset.appointment + '"]')
    );
  }

  function followsHorizontally(element) {
    // Day view: the dragged person's services change column. Week view: the whole
    // appointment changes day.
    return drag.mode === "week" || element.dataset.member === drag.block.dataset.member;
  }

  function startDragging() {
    drag.moved = true;
    var box = document.getElementById("book-message");
    if (box) box.hidden = true;
    drag.group = groupOf(drag.block);
    drag.group.forEach(function (element) { element.classList.add("dragging"); });
    document.body.classList.add("book-dragging");
    drag.label = document.createElement("div");
    drag.label.className = "book-drop-time";
    drag.grid.appendChild(drag.label);
  }

  function autoScroll(clientX, clientY) {
    var rect = drag.grid.getBoundingClientRect();
    if (clientY < rect.top + EDGE) drag.grid.scrollTop -= 12;
    else if (clientY > rect.bottom - EDGE) drag.grid.scrollTop += 12;
    if (clientX < rect.left + EDGE + 40) drag.grid.scrollLeft -= 12;
    else if (clientX > rect.right - EDGE) drag.grid.scrollLeft += 12;
  }

  function follow(clientX, clientY) {
    autoScroll(clientX, clientY);
    var grid = drag.grid;
    var dy = clientY - drag.startY + (grid.scrollTop - drag.scrollTop);
    var minutes = Math.round((dy * drag.minutesPerPixel) / drag.snap) * drag.snap;
    var target = columnAt(grid, clientX) || drag.target || drag.column;
    var shiftX = target.getBoundingClientRect().left - drag.column.getBoundingClientRect().left;
    var shiftY = minutes / drag.minutesPerPixel;
    drag.minutes = minutes;
    drag.target = target;
    drag.group.forEach(function (element) {
      var x = followsHorizontally(element) ? shiftX : 0;
      element.style.transform = "translate(" + x + "px, " + shiftY + "px)";
    });
    var blockRect = drag.block.getBoundingClientRect();
    var gridRect = grid.getBoundingClientRect();
    drag.label.style.top = blockRect.top - gridRect.top + grid.scrollTop + "px";
    drag.label.style.left = blockRect.left - gridRect.left + grid.scrollLeft + "px";
    var start = Number(drag.block.dataset.lineMinute) + minutes;
    drag.label.textContent = clock(((start % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY);
  }

  function snapBack(group) {
    group.forEach(function (element) {
      element.style.transform = "";
      element.classList.remove("dragging");
      element.classList.add("refused");
      setTimeout(function () { element.classList.remove("refused"); }, 400);
    });
  }

  function endDrag() {
    document.body.classList.remove("book-dragging");
    if (drag && drag.label) drag.label.remove();
    drag = null;
  }

  function refreshBook(grid) {
    var area = document.getElementById("book-area");
    var url = grid.dataset.refreshUrl;
    var scrollLeft = grid.scrollLeft, scrollTop = grid.scrollTop;
    return fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("refresh failed");
        return response.text();
      })
      .then(function (html) {
        area.outerHTML = html;
        var fresh = document.getElementById("book-grid");
        fresh.scrollLeft = scrollLeft;
        fresh.scrollTop = scrollTop;
      })
      .catch(function () { window.location.reload(); });
  }

  function drop() {
    var block = drag.block, group = drag.group, grid = drag.grid;
    var days = daysBetween(drag.column.dataset.date, drag.target.dataset.date);
    var start = Number(block.dataset.appointmentMinute) + drag.minutes;
    var fromMember = block.dataset.member, toMember = drag.target.dataset.member;
    var changesMember = drag.mode === "day" && fromMember !== toMember;
    var unchanged = days === 0 && !changesMember && drag.minutes === 0;
    endDrag();
    if (unchanged) {
      group.forEach(function (element) { element.style.transform = ""; element.classList.remove("dragging"); });
      return;
    }
    if (start < 0 || start >= MINUTES_PER_DAY) {
      snapBack(group);
      say("An appointment cannot start on another day by being dragged past midnight.", true);
      return;
    }
    var body = new FormData();
    body.append("date", addDays(block.dataset.day, days));
    body.append("time", clock(start));
    if (changesMember) {
      body.append("from_member", fromMember);
      body.append("to_member", toMember);
    }
    group.forEach(function (element) { element.setAttribute("aria-busy", "true"); });
    fetch(block.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok && data.ok, data: data };
        }, function () {
          return { ok: false, data: { error: "The move was not saved (the server answered " + response.status + ")." } };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          snapBack(group);
          say(result.data.error || "The move was not saved.", true);
          return;
        }
        return refreshBook(grid).then(function () { say(result.data.message, false); });
      })
      .catch(function () {
        snapBack(group);
        say("The move was not saved: Salonkeep could not be reached.", true);
      })
      .then(function () {
        group.forEach(function (element) { element.removeAttribute("aria-busy"); });
      });
  }

  document.addEventListener("pointerdown", function (event) {
    if (drag || event.button !== 0 || !event.isPrimary) return;
    var block = event.target.closest && event.target.closest(".book .appt[data-move-url]");
    if (!block) return;
    var grid = block.closest(".book");
    drag = {
      block: block,
      grid: grid,
      mode: grid.dataset.mode,
      snap: Number(grid.dataset.snap) || 15,
      column: block.closest(".book-column"),
      target: null,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      scrollTop: grid.scrollTop,
      scrollLeft: grid.scrollLeft,
      minutesPerPixel: minutesPerPixel(grid),
      minutes: 0,
      moved: false,
      group: [],
      label: null
    };
    try { block.setPointerCapture(event.pointerId); } catch (error) { /* not capturable */ }
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.moved) {
      if (Math.abs(event.clientX - drag.startX) < DRAG_THRESHOLD &&
          Math.abs(event.clientY - drag.startY) < DRAG_THRESHOLD) return;
      startDragging();
    }
    event.preventDefault();
    follow(event.clientX, event.clientY);
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.moved) {
      drag = null; // a plain click: the link opens the appointment
      return;
    }
    suppressClick = true;
    setTimeout(function () { suppressClick = false; }, 500);
    drop();
  });

  document.addEventListener("pointercancel", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    var group = drag.group;
    endDrag();
    group.forEach(function (element) { element.style.transform = ""; element.classList.remove("dragging"); });
  });

  // Escape puts a block being dragged back where it was.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drag || !drag.moved) return;
    var group = drag.group;
    endDrag();
    group.forEach(function (element) { element.style.transform = ""; element.classList.remove("dragging"); });
    suppressClick = true;
    setTimeout(function () { suppressClick = false; }, 500);
  });

  // Links inside a block must not start the browser's own drag of a URL.
  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest(".book .appt")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (suppressClick && event.target.closest && event.target.closest(".book")) {
      suppressClick = false;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    var column = event.target.closest && event.target.closest(".book-column");
    if (!column || event.target.closest(".appt")) return;
    var grid = column.closest(".book[data-new-url]");
    if (!grid) return;
    var rect = column.getBoundingClientRect();
    var snap = Number(grid.dataset.snap) || 15;
    var offset = (event.clientY - rect.top) * minutesPerPixel(grid);
    var minute = Number(grid.dataset.axisStart) + Math.floor(offset / snap) * snap;
    var params = new URLSearchParams({
      date: column.dataset.date,
      time: clock(Math.max(0, Math.min(MINUTES_PER_DAY - snap, minute))),
      member: column.dataset.member,
      location: grid.dataset.location
    });
    window.location.href = grid.dataset.newUrl + "?" + params.toString();
  }, true);

  // Date, team member and location pickers show their choice at once.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosubmit]");
    if (form && event.target.value) form.submit();
  });
})();
