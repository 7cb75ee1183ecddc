// errbook serve: reload when a rebuild finishes.
(function () {
  var me = document.currentScript;
  var generation = me && me.getAttribute("data-generation");
  if (!window.EventSource) return;
  var events = new EventSource("/__errbook/events");
  events.onmessage = function (e) {
    if (generation !== null && e.data !== generation) location.reload();
  };
  // The check report comes after the build: update the panel in place.
  events.addEventListener("check", function () {
    fetch("/__errbook/check").then(function (r) { return r.json(); }).then(function (check) {
      var panel = document.getElementById("errbook-check");
      if (!check.summary) {
        if (panel) panel.remove();
        return;
      }
      if (!panel) {
        panel = document.createElement("details");
        panel.id = "errbook-check";
        panel.appendChild(document.createElement("summary"));
        panel.appendChild(document.createElement("pre"));
        document.body.appendChild(panel);
      }
      panel.querySelector("summary").textContent = "errbook check: " + check.summary;
      panel.querySelector("pre").textContent = check.report;
    });
  });
})();
