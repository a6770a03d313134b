/* Archive uploads: a drag-and-drop zone around <input type=file multiple>, a list of the chosen
   files with their sizes, and early warnings about the limits (the server checks them again).
   Confirmation of forms with data-confirm is in app.js, loaded on every page. */
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes < 1024) return bytes + " 字节";
    var units = ["KB", "MB", "GB"], value = bytes, unit = "";
    for (var i = 0; i < units.length; i++) { value = value / 1024; unit = units[i]; if (value < 1024) break; }
    return (Math.round(value * 10) / 10) + " " + unit;
  }

  // The zone's inputs: the file chooser (with the limits in its data-*) and the camera's input.
  function chosenFiles(zone) {
    var files = [];
    zone.querySelectorAll("input[type=file]").forEach(function (each) {
      Array.prototype.push.apply(files, each.files);
    });
    return files;
  }

  function render(zone, input) {
    var list = zone.querySelector("[data-dropzone-list]");
    var warning = zone.querySelector("[data-dropzone-warning]");
    var maxFiles = parseInt(input.dataset.maxFiles || "0", 10);
    var maxSize = parseInt(input.dataset.maxSize || "0", 10);
    var problems = [];
    var files = chosenFiles(zone);
    list.textContent = "";
    files.forEach(function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + "（" + formatSize(file.size) + "）";
      if (maxSize && file.size > maxSize) {
        item.className = "text-danger";
        problems.push("文件“" + file.name + "”超过大小上限 " + input.dataset.maxSizeLabel);
      } else if (file.size === 0) {
        item.className = "text-danger";
        problems.push("文件“" + file.name + "”是空文件");
      }
      list.appendChild(item);
    });
    if (maxFiles && files.length > maxFiles) {
      problems.push("一次最多上传 " + maxFiles + " 个文件，本次选择了 " + files.length + " 个");
    }
    warning.textContent = problems.join("；");
    warning.hidden = problems.length === 0;
  }

  function setUp(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) return;
    zone.querySelectorAll("input[type=file]").forEach(function (each) {
      each.addEventListener("change", function () { render(zone, input); });
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("is-dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      try {
        input.files = event.dataTransfer.files;  // supported by current browsers
      } catch (error) {
        return;  // older browsers: the button still works
      }
      render(zone, input);
    });
  }

  document.querySelectorAll("[data-dropzone]").forEach(setUp);
})();
