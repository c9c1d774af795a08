// The booking calendar: on a narrow screen, scroll the week so today's column is in view,
// and bring the booking form into view when a free slot fills it (it sits below the grid).
(function () {
  "use strict";

  function showToday() {
    var wrap = document.querySelector(".po-calendar-wrap");
    var today = wrap && wrap.querySelector("th.table-primary");
    if (!wrap || !today) return;
    var timeColumn = wrap.querySelector("thead th");
    wrap.scrollLeft = Math.max(0, today.offsetLeft - (timeColumn ? timeColumn.offsetWidth : 0));
  }

  document.addEventListener("DOMContentLoaded", showToday);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target.id === "calendar") showToday();
    if (target.id === "booking-panel" && window.matchMedia("(max-width: 1199.98px)").matches) {
      target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });
})();
