// Live updates in the dashboard without a reload (issue 12): the "vandaag" list and the
// conversation on a melding that was taken over. Polls a small JSON answer every few
// seconds while the page is visible; changes only what changed.
(function () {
  "use strict";
  var SECONDS = 5;

  function poll(url, apply) {
    var busy = false;
    function tick() {
      if (busy || document.hidden) return;
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (resp) {
          var json = (resp.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          return resp.ok && json ? resp.json() : null; // logged out: the next reload shows login
        })
        .then(function (data) { if (data) apply(data); })
        .catch(function () { /* offline for a moment: try again next time */ })
        .then(function () { busy = false; });
    }
    return tick;
  }

  function today(box) {
    var status = document.querySelector("[data-live-status]");
    var seconds = parseInt(box.getAttribute("data-live-seconds"), 10) || SECONDS;
    var last = null;
    var tick = poll(box.getAttribute("data-live-url"), function (data) {
      if (last === null) last = box.innerHTML.trim();
      var html = (data.html || "").trim();
      if (html === last) return;
      // someone is using the list with the keyboard: do not pull it away, try again later
      if (box.contains(document.activeElement) && document.activeElement !== box) return;
      last = html;
      box.innerHTML = html; // rendered and escaped by the server's template
      if (status && data.status) status.textContent = data.status;
    });
    setInterval(tick, seconds * 1000);
    document.addEventListener("visibilitychange", tick);
  }

  function conversation(list) {
    var match = window.location.pathname.match(/^\/dashboard\/escalaties\/(\d+)\/?$/);
    if (!match) return;
    var shown = null;
    var tick = poll("/dashboard/escalaties/" + match[1] + "/gesprek", function (data) {
      var messages = data.messages || [];
      var key = JSON.stringify(messages);
      if (shown === null && messages.length === list.children.length) { shown = key; return; }
      if (key === shown) return;
      shown = key;
      while (list.firstChild) list.removeChild(list.firstChild);
      messages.forEach(function (m) {
        var item = document.createElement("li");
        item.className = m.wie;
        var who = document.createElement("strong");
        who.textContent = m.wie + ":";
        item.appendChild(who);
        item.appendChild(document.createTextNode(" " + m.tekst));
        list.appendChild(item);
      });
    });
    setInterval(tick, SECONDS * 1000);
    document.addEventListener("visibilitychange", tick);
  }

  function start() {
    var box = document.querySelector("[data-live-url]");
    if (box) today(box);
    var list = document.querySelector("ol.gesprek");
    if (list) conversation(list);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
