// Embeddable widget: <script src="https://portal.example/widget.js" data-rol="kandidaat"
// data-knop="Chat met ons"></script>. Adds a button that opens the chat in a frame.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var role = script.getAttribute("data-rol") === "consulent" ? "consulent" : "kandidaat";
  var label = script.getAttribute("data-knop") || "Chat over praktijkleren";
  var open = false;
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed?rol=" + role;
  frame.title = "Chat met de praktijkbot";
  frame.style.cssText = "display:none;position:fixed;bottom:80px;right:16px;width:min(400px,calc(100vw - 32px));" +
    "height:min(640px,calc(100vh - 120px));border:2px solid #0b4f8a;border-radius:12px;background:#fff;z-index:2147483646";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;bottom:16px;right:16px;min-height:48px;padding:8px 18px;font-size:18px;" +
    "border-radius:24px;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer;z-index:2147483647";
  button.addEventListener("click", function () {
    open = !open;
    frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { frame.focus(); }
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
