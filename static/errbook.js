// errbook theme script. Pages work without it; it only adds the level
// filter, copy buttons and jump-to-code. No inline script: the pages'
// Content-Security-Policy allows only files of the site itself.
(function () {
  "use strict";

  function levelFilter() {
    var box = document.getElementById("level-filter");
    if (!box) return;
    box.hidden = false;
    box.addEventListener("change", function () {
      var shown = {};
      box.querySelectorAll("input[type=checkbox]").forEach(function (c) { shown[c.value] = c.checked; });
      document.querySelectorAll("tr[data-level]").forEach(function (row) {
        row.classList.toggle("filtered-out", shown[row.getAttribute("data-level")] === false);
      });
    });
  }

  function copyButtons() {
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
    });
  }

  function jumpToCode() {
    var form = document.getElementById("jump");
    if (!form) return;
    form.hidden = false;
    var input = document.getElementById("jump-input");
    var status = form.querySelector(".jump-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = input.value.trim().toLowerCase();
      if (!wanted) return;
      var links = document.querySelectorAll("a[data-code]");
      var partial = null;
      for (var i = 0; i < links.length; i++) {
        var code = links[i].getAttribute("data-code").toLowerCase();
        if (code === wanted) { window.location.href = links[i].href; return; }
        if (!partial && code.indexOf(wanted) !== -1) partial = links[i];
      }
      if (partial) { window.location.href = partial.href; return; }
      status.textContent = "No code matches “" + input.value + "”.";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    levelFilter();
    copyButtons();
    jumpToCode();
  });
})();
