// The chat page: talks only to the portal's /api, shows text with textContent (never
// innerHTML), keeps the session in localStorage so a reload shows the conversation,
// and asks every few seconds for new messages (check-ins sent by the scheduler).
// In a frame on another site the browser may refuse localStorage (third-party storage
// blocked): then the session lives in memory for as long as the page is open. No cookie and
// no Storage Access API is needed: the session travels in the X-Session header.
// Texts come from the page (#teksten) or, for an error, from the portal's "fout".
(function () {
  "use strict";
  var role = document.body.getAttribute("data-rol") || "kandidaat";
  var key = "praktijkbot-sessie-" + role;
  var texts = document.getElementById("teksten").dataset;
  var list = document.getElementById("berichten");
  var log = document.getElementById("gesprek");
  var form = document.getElementById("invoer");
  var input = document.getElementById("bericht");
  var status = document.getElementById("status");
  var failure = document.getElementById("fout");
  var shown = {};
  var last = 0;
  var busy = false;
  var started = false;
  var token = null;

  // Every use of localStorage may throw (blocked, partitioned, full): never let it stop us.
  var store = {
    memory: null,
    get: function () {
      try { return window.localStorage.getItem(key) || store.memory; } catch (e) { return store.memory; }
    },
    set: function (value) {
      store.memory = value;
      try { window.localStorage.setItem(key, value); } catch (e) { /* memory only */ }
    },
    remove: function () {
      store.memory = null;
      try { window.localStorage.removeItem(key); } catch (e) { /* memory only */ }
    }
  };

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers["X-Session"] = token; }
    return fetch(path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.status === 401) { store.remove(); token = null; }
      if (r.ok) { return r.json(); }
      return r.json().catch(function () { return {}; }).then(function (data) {
        var error = new Error("status " + r.status);
        error.fout = data && typeof data.fout === "string" ? data.fout : "";
        throw error;
      });
    });
  }

  function said(error, fallback) {
    return (error && error.fout) || fallback;
  }

  function showFailure(text) {
    document.getElementById("fout-tekst").textContent = text;
    failure.hidden = false;
  }

  function addText(parent, text) {
    // Lines become paragraphs; web addresses become links. Everything else is text.
    text.split("\n").forEach(function (line) {
      var p = document.createElement("p");
      p.className = "utrecht-paragraph";
      var parts = line.split(/(https?:\/\/[^\s<>"]+)/);
      parts.forEach(function (part, i) {
        if (i % 2 === 1) {
          var a = document.createElement("a");
          a.href = part; a.textContent = part; a.rel = "noopener noreferrer"; a.target = "_blank";
          a.className = "utrecht-link utrecht-link--html-a";
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
          btn.type = "button"; btn.textContent = b.title;
          btn.className = "utrecht-button utrecht-button--secondary-action keuze";
          btn.addEventListener("click", function () {
            send({ payload: b.payload, label: b.title });
          });
          box.appendChild(btn);
        });
        li.appendChild(box);
      }
      list.appendChild(li);
    });
    log.scrollTop = log.scrollHeight;
    if (messages.length && !document.body.classList.contains("embedded")) {
      window.scrollTo(0, document.body.scrollHeight);
    }
  }

  function send(body) {
    if (busy) { return; }
    busy = true;
    status.textContent = texts.wachten;
    ensureSession().then(function () {
      return api("POST", "/api/message", body);
    }).then(function (data) {
      status.textContent = "";
      failure.hidden = true;
      started = true;
      render(data.messages || []);
    }).catch(function (error) {
      status.textContent = "";
      if (started) {
        status.textContent = said(error, texts.nietVerstuurd);
      } else {
        showFailure(said(error, texts.nietBereikbaar));
      }
    }).then(function () { busy = false; input.focus(); });
  }

  function ensureSession() {
    if (token) { return Promise.resolve(token); }
    token = store.get();
    if (token) { return Promise.resolve(token); }
    return api("POST", "/api/session", { rol: role }).then(function (data) {
      token = data.token; store.set(token); return token;
    });
  }

  function poll() {
    if (!token || busy || !started) { return; }
    api("GET", "/api/messages?after=" + last).then(function (data) {
      render(data.messages || []);
    }).catch(function () { /* try again at the next poll */ });
  }

  function start() {
    failure.hidden = true;
    ensureSession().then(function () {
      return api("GET", "/api/messages?after=0");
    }).then(function (data) {
      var messages = data.messages || [];
      started = true;
      render(messages);
      if (!messages.length && role === "kandidaat") {
        send({ payload: "/greet", label: texts.hallo });
      }
    }).catch(function (error) {
      showFailure(said(error, texts.nietBereikbaar));
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = texts.leeg; return; }
    input.value = "";
    send({ text: text });
  });
  document.getElementById("code-knop").addEventListener("click", function () {
    send({ payload: "/link_account", label: texts.code });
  });
  document.getElementById("opnieuw").addEventListener("click", start);

  start();
  setInterval(poll, 3000);
})();
