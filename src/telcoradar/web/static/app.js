// Progressive enhancement only: every page works without this file.
// Filter menus on the tariff page submit as soon as they change.
document.querySelectorAll("#plan-filters select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});

// The review page: j/k move through the queue, a accepts, e edits (Enter saves), r rejects.
(function () {
  var fact = document.getElementById("review-fact");
  if (!fact) { return; }
  var mark = document.getElementById("review-quote");
  if (mark) { mark.scrollIntoView({block: "center"}); }
  function go(id) {
    var kind = fact.dataset.kind;
    window.location.href = "/review?fact=" + encodeURIComponent(id) + (kind ? "&kind=" + kind : "");
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) {
      if (event.key === "Escape") { target.blur(); }
      return;  // typing in a field: Enter submits the correction as any form does
    }
    var forms = {a: "review-accept", r: "review-reject"};
    if (event.key === "j" && fact.dataset.next) { go(fact.dataset.next); }
    else if (event.key === "k" && fact.dataset.prev) { go(fact.dataset.prev); }
    else if (forms[event.key] && document.getElementById(forms[event.key])) {
      document.getElementById(forms[event.key]).submit();
    } else if (event.key === "e") {
      var first = document.getElementById("f_price") ||
        document.querySelector("#review-correct input:not([type=hidden])");
      if (first) { event.preventDefault(); first.focus(); first.select(); }
    } else { return; }
  });
})();
