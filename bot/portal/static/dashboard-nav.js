// Marks the main menu's link to the page you are on (aria-current="page"): the longest
// menu address the current path starts with, "/dashboard/" only on itself.
(function () {
  "use strict";
  var path = window.location.pathname;
  var best = null;
  document.querySelectorAll(".hoofdmenu a[href]").forEach(function (a) {
    var href = a.getAttribute("href");
    var match = href === path || (href !== "/dashboard/" && path.indexOf(href + "/") === 0);
    if (match && (!best || href.length > best.getAttribute("href").length)) { best = a; }
  });
  if (best) { best.setAttribute("aria-current", "page"); }
})();
