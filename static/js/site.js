/* The site's small behaviours, bound from data attributes: the Content-Security-Policy allows
   no inline script or handler (no onclick=…), so every page's script lives in a static file.

   - .menu-toggle                 opens and closes the phone menu (aria-expanded follows)
   - select[data-autosubmit]      submits its form when changed (a <noscript> button stays)
   - form[data-confirm]           asks before submitting
   - input[data-no-enter-submit]  Enter does not submit the form (a search box inside a form)
*/
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-toggle");
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", document.body.classList.toggle("nav-open"));
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest("input[data-no-enter-submit]")) event.preventDefault();
  });
})();
