// A search box above each <select multiple data-searchable>: typing hides the options that do
// not contain the text (chosen ones stay visible). Without JavaScript the plain multi-select works.
(function () {
  "use strict";
  function enhance(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm catalogue-field mb-1";
    box.placeholder = select.getAttribute("data-search-placeholder") || "搜索…";
    box.setAttribute("aria-label", box.placeholder);
    box.addEventListener("input", function () {
      var text = box.value.trim();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = text !== "" && !option.selected && option.text.indexOf(text) === -1;
      });
    });
    select.parentNode.insertBefore(box, select);
  }
  document.querySelectorAll("select[multiple][data-searchable]").forEach(enhance);
})();
