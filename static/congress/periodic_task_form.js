/* django-celery-beat's periodic-task form: show the chosen crontab in words under the field.
   The library's inline script, moved here (the CSP allows no inline script). */
(function () {
  "use strict";
  var $ = django.jQuery;
  var readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = $(".field-crontab .help");
  var originalHelp = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var words = readableCrontabs[$("#id_crontab").val()];
    help.html(originalHelp);
    if (words) help.append("<br>", document.createTextNode(words));
  });
})();
