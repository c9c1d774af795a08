// ParkOps page behaviour that every page shares. No inline scripts in templates: behaviour
// hangs on data- attributes, so it also works after htmx swaps part of a page.
(function () {
  "use strict";

  // <form data-confirm="确定吊销？"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-copy="#id"> copies the element's text. navigator.clipboard needs HTTPS,
  // which an intranet server may not have, so fall back to selecting and execCommand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent.trim();
    var done = function () {
      var label = button.querySelector("[data-copy-label]") || button;
      var before = label.textContent;
      label.textContent = "已复制";
      setTimeout(function () { label.textContent = before; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      if (document.execCommand("copy")) done();
    } catch (e) {
      /* the text stays selected for Ctrl+C */
    }
  });

  // Filter bars (<form data-drop-empty>) leave blank fields out of htmx requests, so the
  // address bar shows ?state=vacant rather than every empty filter.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-drop-empty")) return;
    var data = event.detail.formData;
    if (!data) return;
    Array.from(new Set(data.keys())).forEach(function (key) {
      var values = data.getAll(key);
      if (values.every(function (v) { return v === ""; })) data.delete(key);
    });
  });

  // Closing the phone navigation when a link in it is followed keeps the back button sane.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".po-sidebar a");
    if (!link || !window.bootstrap) return;
    var panel = document.getElementById("po-sidebar");
    var instance = panel && window.bootstrap.Offcanvas.getInstance(panel);
    if (instance) instance.hide();
  });
})();

// Sidebar groups (Bootstrap collapse): the chevron points down while a group is open.
(function () {
  "use strict";
  function turn(event, open) {
    var panel = event.target;
    if (!panel.closest || !panel.closest(".po-nav")) return;
    var button = document.querySelector('[data-bs-target="#' + panel.id + '"]');
    var chevron = button && button.querySelector("[data-nav-chevron]");
    if (!chevron) return;
    chevron.classList.toggle("bi-chevron-down", open);
    chevron.classList.toggle("bi-chevron-right", !open);
  }
  document.addEventListener("show.bs.collapse", function (event) { turn(event, true); });
  document.addEventListener("hide.bs.collapse", function (event) { turn(event, false); });
})();
