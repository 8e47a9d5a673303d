/* Every page. Wide tables scroll sideways inside Material's wrapper; a keyboard user must be
   able to reach and scroll them too (axe scrollable-region-focusable): a wrapper that
   scrolls becomes a named, focusable region. Runs after Material has wrapped the tables. */
"use strict";
(function () {
  var name = document.documentElement.lang === "zh" ? "表格（可左右滚动）" : "Table (scrolls sideways)";

  function mark() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table");
    for (var i = 0; i < wraps.length; i++) {
      var el = wraps[i];
      var scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", name);
        el.setAttribute("data-ap-scroll", "");
      } else if (!scrolls && el.hasAttribute("data-ap-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        el.removeAttribute("data-ap-scroll");
      }
    }
  }

  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 100);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setTimeout(mark, 0); });
  }
  window.addEventListener("resize", later);
  window.addEventListener("load", mark);
})();
