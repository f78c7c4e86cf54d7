// workbench serve: the page's own script (no inline scripts: the Content-Security-Policy
// allows only scripts from this server). It points textual.js at this server's /ws, with
// the scheme and host the page was loaded from (so it works behind a TLS reverse proxy),
// and wires the Restart button.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  document.querySelectorAll(".textual-terminal").forEach(function (el) {
    el.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";
  });
  var restart = document.getElementById("restart");
  if (restart) {
    restart.addEventListener("click", function () {
      window.location.replace("/");
    });
  }
});
