// Progressive enhancement only: every page works without this file.
// Filter menus on the tariff page submit as soon as they change.
document.querySelectorAll("#plan-filters select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
