// Preview only (python build.py serve): reload the page when the site has been rebuilt.
// The server adds this script to every page it serves; the published site never has it.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? new URL(script.src).searchParams.get("v") : "";
  var events = new EventSource("/__reload?v=" + encodeURIComponent(version || ""));
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
}());
