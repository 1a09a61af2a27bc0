/* The catalog's filters and title search: plain JavaScript, no server, no network. */
(function () {
  "use strict";
  var form = document.querySelector(".filters");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var count = document.getElementById("count");
  var none = document.getElementById("none");

  /* Lower case without accents or Arabic vowel marks: "Immunothérapie" finds "immunotherapie". */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "").toLowerCase();
  }

  function fileShown(file, wanted) {
    return (!wanted.edition || file.dataset.edition === wanted.edition) &&
      (!wanted.format || file.dataset.format === wanted.format);
  }

  function rowShown(row, wanted) {
    var files = row.querySelectorAll(".file[data-format]");
    var matching = 0;
    files.forEach(function (file) {
      var shown = fileShown(file, wanted);
      file.hidden = !shown;
      if (shown) { matching += 1; }
    });
    row.querySelectorAll(".edition-group").forEach(function (group) {
      group.hidden = !group.querySelector(".file:not([hidden])");
    });
    var filesWanted = wanted.edition || wanted.format;
    return (!wanted.language || row.dataset.language === wanted.language) &&
      (!wanted.status || row.dataset.status === wanted.status) &&
      (matching > 0 || !filesWanted);
  }

  function cardShown(card, wanted) {
    var rows = 0;
    card.querySelectorAll(".row").forEach(function (row) {
      var shown = rowShown(row, wanted);
      row.hidden = !shown;
      if (shown) { rows += 1; }
    });
    return rows > 0 && (!wanted.brand || card.dataset.brand === wanted.brand) &&
      (!wanted.q || fold(card.dataset.search).indexOf(wanted.q) !== -1);
  }

  function apply() {
    var wanted = {
      q: fold(form.elements.q.value.trim()),
      language: form.elements.language.value,
      brand: form.elements.brand.value,
      edition: form.elements.edition.value,
      format: form.elements.format.value,
      status: form.elements.status.value
    };
    var shown = 0;
    cards.forEach(function (card) {
      card.hidden = !cardShown(card, wanted);
      if (!card.hidden) { shown += 1; }
    });
    count.textContent = shown === 1 ? "1 leaflet" : shown + " leaflets";
    none.hidden = shown > 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  document.getElementById("clear").addEventListener("click", function () {
    form.reset();
    form.elements.q.focus();
  });
  apply();
}());
