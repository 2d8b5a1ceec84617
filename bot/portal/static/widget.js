// Embeddable widget: <script src="https://portal.example/widget.js" data-rol="kandidaat"
// data-knop="Chat met ons"></script>. Adds a button that opens the chat in a frame.
// The host page is someone else's: no stylesheet is added to it. The button follows the
// NL Design System's primary button and focus ring with the values of tokens.css (named
// below; tests/unit/portal/test_design_tokens.py keeps them equal), set through the CSSOM,
// which a host page's Content-Security-Policy allows.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var TOKENS = {
    primary: "#0b4f8a",          // --praktijkbot-color-primary
    primaryDark: "#083a66",      // --praktijkbot-color-primary-dark
    background: "#ffffff",       // --praktijkbot-color-background
    focus: "#1a1a1a",            // --praktijkbot-color-focus
    focusInverse: "#ffd23f"      // --praktijkbot-color-focus-inverse
  };
  var FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif";
  var origin = new URL(script.src).origin;
  var role = script.getAttribute("data-rol") === "consulent" ? "consulent" : "kandidaat";
  var label = script.getAttribute("data-knop") || "Chat over praktijkleren";
  var open = false;
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed?rol=" + role;
  frame.title = "Chat met de praktijkbot";
  frame.style.cssText = "display:none;position:fixed;bottom:84px;right:16px;width:min(400px,calc(100vw - 32px));" +
    "height:min(640px,calc(100vh - 124px));border:2px solid " + TOKENS.primary + ";border-radius:8px;" +
    "background:" + TOKENS.background + ";box-shadow:0 4px 16px rgba(0,0,0,0.25);z-index:2147483646";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;bottom:16px;right:16px;min-height:48px;min-width:48px;padding:8px 20px;" +
    "font-family:" + FONT + ";font-size:18px;font-weight:600;line-height:1.3;border-radius:8px;" +
    "border:2px solid " + TOKENS.primary + ";background:" + TOKENS.primary + ";color:" + TOKENS.background + ";" +
    "cursor:pointer;z-index:2147483647";

  function paint(hover) {
    var dark = hover || button.getAttribute("aria-expanded") === "true";
    button.style.background = dark ? TOKENS.primaryDark : TOKENS.primary;
    button.style.borderColor = dark ? TOKENS.primaryDark : TOKENS.primary;
  }
  function ring(on) {
    // The same focus ring as the portal's pages: dark outline outside a yellow one.
    button.style.outline = on ? "3px solid " + TOKENS.focus : "";
    button.style.outlineOffset = on ? "3px" : "";
    button.style.boxShadow = on ? "0 0 0 3px " + TOKENS.focusInverse : "";
  }
  button.addEventListener("mouseenter", function () { paint(true); });
  button.addEventListener("mouseleave", function () { paint(false); });
  button.addEventListener("focus", function () {
    var visible = true;
    try { visible = button.matches(":focus-visible"); } catch (e) { /* older browser: show it */ }
    ring(visible);
  });
  button.addEventListener("blur", function () { ring(false); });
  button.addEventListener("click", function () {
    open = !open;
    frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    paint(false);
    if (open) { frame.focus(); }
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
