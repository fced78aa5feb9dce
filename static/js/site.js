/* The site's small behaviours, bound from data attributes: the Content-Security-Policy allows
   no inline script or handler (no onclick=…), so every page's script lives in a static file.

   - .menu-toggle                 opens and closes the phone menu (aria-expanded follows)
   - select[data-autosubmit]      submits its form when changed (a <noscript> button stays)
   - form[data-confirm]           asks before submitting
   - input[data-no-enter-submit]  Enter does not submit the form (a search box inside a form)
   - button[data-large-text]      switches 大字版 (large text, high contrast) on and off and keeps
                                  the choice in localStorage (prefs.js applies it on every page)
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

  var largeText = document.querySelectorAll("button[data-large-text]");
  function showLargeText(on) {
    largeText.forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  showLargeText(document.documentElement.classList.contains("large-text"));
  document.addEventListener("click", function (event) {
    if (!event.target.closest("button[data-large-text]")) return;
    var on = document.documentElement.classList.toggle("large-text");
    try {
      if (on) window.localStorage.setItem("congress.largeText", "1");
      else window.localStorage.removeItem("congress.largeText");
    } catch (e) {
      /* not kept (private mode): this page only */
    }
    showLargeText(on);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest("input[data-no-enter-submit]")) event.preventDefault();
  });
})();
