// Upload pages. The form works without this file (a plain multiple-file input); with it, files
// can also be dragged onto the form. The jobs page (which reloads itself without scripts) polls
// its JSON instead, updates each file's progress, and reloads once every file is finished so
// that the links to the new records and their warnings appear.
(function () {
  "use strict";
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("file");
  var chosen = document.getElementById("chosen");
  function listChosen() {
    if (!chosen || !input) { return; }
    chosen.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      chosen.appendChild(item);
    });
  }
  if (zone && input && window.DataTransfer) {
    var hint = document.getElementById("drop-hint");
    if (hint) { hint.hidden = false; }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) { files.items.add(file); });
      Array.prototype.forEach.call(event.dataTransfer.files, function (file) {
        files.items.add(file);
      });
      input.files = files.files;
      listChosen();
    });
    input.addEventListener("change", listChosen);
  }

  var jobs = document.getElementById("jobs");
  var url = jobs && jobs.getAttribute("data-poll");
  if (!url || !window.fetch) { return; }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        var done = true;
        data.jobs.forEach(function (job) {
          var row = jobs.querySelector('tr[data-job="' + job.id + '"] .progress');
          if (row && row.textContent !== job.progress_text) { row.textContent = job.progress_text; }
          done = done && job.finished;
        });
        if (done) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
