// The chat page: talks only to the portal's /api, shows text with textContent (never
// innerHTML), keeps the session in localStorage so a reload shows the conversation,
// and asks every few seconds for new messages (check-ins sent by the scheduler).
(function () {
  "use strict";
  var role = document.body.getAttribute("data-rol") || "kandidaat";
  var key = "praktijkbot-sessie-" + role;
  var list = document.getElementById("gesprek");
  var form = document.getElementById("invoer");
  var input = document.getElementById("bericht");
  var status = document.getElementById("status");
  var shown = {};
  var last = 0;
  var busy = false;
  var token = null;

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers["X-Session"] = token; }
    return fetch(path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.status === 401) { localStorage.removeItem(key); token = null; }
      if (!r.ok) { throw new Error("status " + r.status); }
      return r.json();
    });
  }

  function addText(parent, text) {
    // Lines become paragraphs; web addresses become links. Everything else is text.
    text.split("\n").forEach(function (line) {
      var p = document.createElement("p");
      var parts = line.split(/(https?:\/\/[^\s<>"]+)/);
      parts.forEach(function (part, i) {
        if (i % 2 === 1) {
          var a = document.createElement("a");
          a.href = part; a.textContent = part; a.rel = "noopener noreferrer"; a.target = "_blank";
          p.appendChild(a);
        } else if (part) {
          p.appendChild(document.createTextNode(part));
        }
      });
      parent.appendChild(p);
    });
  }

  function render(messages) {
    messages.forEach(function (m) {
      if (shown[m.id]) { return; }
      shown[m.id] = true;
      last = Math.max(last, m.id);
      var li = document.createElement("li");
      li.className = "msg " + (m.sender === "user" ? "user" : "bot");
      addText(li, m.text || "");
      if (m.buttons && m.buttons.length) {
        var box = document.createElement("div");
        box.className = "buttons";
        m.buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button"; btn.className = "keuze"; btn.textContent = b.title;
          btn.addEventListener("click", function () {
            send({ payload: b.payload, label: b.title });
          });
          box.appendChild(btn);
        });
        li.appendChild(box);
      }
      list.appendChild(li);
    });
    list.scrollTop = list.scrollHeight;
    if (messages.length && !document.body.classList.contains("embedded")) {
      window.scrollTo(0, document.body.scrollHeight);
    }
  }

  function send(body) {
    if (busy) { return; }
    busy = true;
    status.textContent = "Even wachten...";
    ensureSession().then(function () {
      return api("POST", "/api/message", body);
    }).then(function (data) {
      status.textContent = "";
      render(data.messages || []);
    }).catch(function () {
      status.textContent = "Versturen lukte niet. Probeer het nog eens.";
    }).then(function () { busy = false; input.focus(); });
  }

  function ensureSession() {
    if (token) { return Promise.resolve(token); }
    token = localStorage.getItem(key);
    if (token) { return Promise.resolve(token); }
    return api("POST", "/api/session", { rol: role }).then(function (data) {
      token = data.token; localStorage.setItem(key, token); return token;
    });
  }

  function poll() {
    if (!token || busy) { return; }
    api("GET", "/api/messages?after=" + last).then(function (data) {
      render(data.messages || []);
    }).catch(function () { /* try again at the next poll */ });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = "Typ eerst een bericht."; return; }
    input.value = "";
    send({ text: text });
  });
  document.getElementById("code-knop").addEventListener("click", function () {
    send({ payload: "/link_account", label: "Ik heb een code" });
  });

  ensureSession().then(function () {
    return api("GET", "/api/messages?after=0");
  }).then(function (data) {
    var messages = data.messages || [];
    if (!messages.length && role === "kandidaat") {
      send({ payload: "/greet", label: "Hallo" });
    }
    render(messages);
  }).catch(function () {
    status.textContent = "De chat is nu niet bereikbaar. Probeer het later nog eens.";
  });
  setInterval(poll, 3000);
})();
