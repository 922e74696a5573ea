// The tariff table on /takster/: sorting by a column and filtering by text, as
// progressive enhancement. Without JavaScript the whole table is shown, sorted by name,
// and the CSV download has every row. The buttons go into the column headers (their
// aria-sort says the order); the filter hides rows that do not contain the text and says
// how many are shown in a live region.
(function () {
  "use strict";
  var box = document.querySelector("[data-tariff-table]");
  if (!box) {
    return;
  }
  var table = box.querySelector("table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  var label = document.createElement("label");
  label.textContent = "Filtrér tabellen ";
  label.className = "tariff-filter";
  var input = document.createElement("input");
  input.type = "search";
  input.setAttribute("aria-describedby", "takst-antal");
  label.appendChild(input);
  var count = document.createElement("p");
  count.id = "takst-antal";
  count.setAttribute("aria-live", "polite");
  box.parentNode.insertBefore(label, box);
  box.parentNode.insertBefore(count, box);

  function showCount(shown) {
    count.textContent = "Viser " + shown + " af " + rows.length + " tilbud.";
  }
  showCount(rows.length);
  input.addEventListener("input", function () {
    var wanted = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = !wanted || row.textContent.toLowerCase().indexOf(wanted) >= 0;
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    showCount(shown);
  });

  function key(row, index) {
    var cell = row.cells[index];
    var sort = cell.getAttribute("data-sort");
    if (sort !== null) {
      return sort === "" ? null : Number(sort);
    }
    return cell.textContent.trim().toLowerCase();
  }

  headers.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, index), y = key(b, index);
        if (x === y) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var order = typeof x === "number" ? x - y : x.localeCompare(y, "da");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
}());
