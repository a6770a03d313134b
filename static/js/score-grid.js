// Keyboard navigation in the department score grid: Enter moves down, Shift+Enter moves up,
// Tab / Shift+Tab move across (the browser's own order). Each cell saves itself through htmx
// on "change", so moving on is enough to save. No inline script (the CSP forbids it).
(function () {
  "use strict";

  function cellInputs(table) {
    return Array.prototype.slice.call(table.querySelectorAll("input[name=value]"));
  }

  function position(input) {
    var cell = input.closest("td");
    return { row: cell.parentElement.rowIndex, column: cell.cellIndex };
  }

  function inputAt(table, row, column) {
    var tr = table.rows[row];
    if (!tr || !tr.cells[column]) { return null; }
    return tr.cells[column].querySelector("input[name=value]");
  }

  // Moves to the next input up or down the column; false at the first or last row.
  function move(table, input, step) {
    var here = position(input);
    for (var row = here.row + step; row > 0 && row < table.rows.length; row += step) {
      var next = inputAt(table, row, here.column);
      if (next) { next.focus(); next.select(); return true; }
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("[data-grid] input[name=value]")) { return; }
    event.preventDefault();
    // At the last (or, with Shift, the first) row there is nowhere to move: the focus stays and
    // no "change" would fire, so Enter saved nothing. Save what was typed in place.
    if (!move(input.closest("table"), input, event.shiftKey ? -1 : 1) && input.value !== input.defaultValue) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // After htmx swaps a saved cell, keep the caret where the user went (the swap replaces the
  // old cell only, so focus stays on the cell the user moved to).
  document.addEventListener("htmx:afterSwap", function (event) {
    var table = document.querySelector("[data-grid]");
    if (table && !table.contains(document.activeElement)) {
      var inputs = cellInputs(table);
      if (inputs.length && event.detail.target && event.detail.target.querySelector) {
        var invalid = document.querySelector("[data-grid] input.is-invalid");
        if (invalid) { invalid.focus(); }
      }
    }
  });
})();
