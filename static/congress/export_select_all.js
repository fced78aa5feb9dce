/* django-import-export's "select all" box on the export page, bound here instead of its inline
   onchange= (templates/admin/import_export/export.html); onSelectToggleChange is the library's. */
document.addEventListener("change", function (event) {
  if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
