// Page actions declared in markup, so no page needs an inline script or handler (the
// Content-Security-Policy allows scripts from files only):
//   data-print                — a button that prints the page;
//   data-confirm="question"   — a button or link that asks before it proceeds;
//   data-autosubmit           — a select that submits its form when changed.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const printer = event.target.closest("[data-print]");
    if (printer) {
      event.preventDefault();
      window.print();
      return;
    }
    const asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    const select = event.target.closest("[data-autosubmit]");
    if (select && select.form) {
      if (select.form.requestSubmit) {
        select.form.requestSubmit();
      } else {
        select.form.submit();
      }
    }
  });
})();
