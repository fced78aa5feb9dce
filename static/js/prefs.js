/* The reader's display preference, applied before the page paints (loaded without defer):
   大字版 — larger text and higher contrast, for older readers (适老化). Kept in this browser's
   localStorage, never in a cookie, so every visitor gets the same cached HTML. site.js binds the
   switch in the header. */
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("congress.largeText") === "1") {
      document.documentElement.classList.add("large-text");
    }
  } catch (e) {
    /* storage refused (private mode): the default display */
  }
})();
