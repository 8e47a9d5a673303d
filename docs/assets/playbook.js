/* Every page. Wide tables scroll sideways inside Material's wrapper; a keyboard user must be
   able to reach and scroll them too (axe scrollable-region-focusable): a wrapper that
   scrolls becomes a named, focusable region. Runs after load (Material has wrapped the
   tables by then), when the browser is idle. */
"use strict";
(function () {
  var zh = document.documentElement.lang === "zh";

  /* "Table: Channel, Response time (scrolls sideways)": named by its column headings, and
     numbered if two tables share them, so that each region's name is its own. */
  function tableName(el, used) {
    var cells = el.querySelectorAll("thead th");
    var heads = [];
    for (var i = 0; i < cells.length && heads.length < 3; i++) {
      var t = (cells[i].textContent || "").replace(/\s+/g, " ").trim();
      if (t) heads.push(t);
    }
    var base = zh
      ? "表格" + (heads.length ? "：" + heads.join("、") : "") + "（可左右滚动）"
      : "Table" + (heads.length ? ": " + heads.join(", ") : "") + " (scrolls sideways)";
    var label = base;
    for (var n = 2; used[label]; n++) label = base + " " + n;
    used[label] = true;
    return label;
  }

  function mark() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table");
    var used = {};
    for (var i = 0; i < wraps.length; i++) {
      var el = wraps[i];
      var scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
      if (scrolls) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", tableName(el, used));
        el.setAttribute("data-ap-scroll", "");
      } else if (!scrolls && el.hasAttribute("data-ap-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        el.removeAttribute("data-ap-scroll");
      }
    }
  }

  /* Navigation landmarks need distinct names (axe landmark-unique). Material names each nav
     section by its toggle label, which is empty for a section that has an index page
     (navigation.indexes), and a section may share its title with another one ("Running the
     account" in the playbook and among the checklists): name the first after its link, and
     qualify a repeated name with its parent section's. */
  function text(el) {
    return el ? (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function nameNavs() {
    var navs = document.querySelectorAll(".md-sidebar--primary nav.md-nav[aria-labelledby]");
    var names = [];
    for (var i = 0; i < navs.length; i++) {
      var label = document.getElementById(navs[i].getAttribute("aria-labelledby"));
      var name = text(label);
      if (label && !name) {
        var link = label.parentElement && label.parentElement.querySelector("a");
        name = text(link);
        if (name) {
          navs[i].removeAttribute("aria-labelledby");
          navs[i].setAttribute("aria-label", name);
        }
      }
      names.push(name);
    }
    for (var j = 0; j < navs.length; j++) {
      var seen = names.filter(function (n) { return n === names[j]; }).length;
      var parent = navs[j].parentElement && navs[j].parentElement.closest("nav.md-nav[aria-labelledby], nav.md-nav[aria-label]");
      if (seen > 1 && parent) {
        var own = names[j];
        var outer = parent.getAttribute("aria-label") || text(document.getElementById(parent.getAttribute("aria-labelledby")));
        navs[j].removeAttribute("aria-labelledby");
        navs[j].setAttribute("aria-label", outer ? outer + " › " + own : own);
      }
    }
  }

  /* Out of the page's way: after load, when the browser is idle (no long task at start-up). */
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); };
  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }

  function start() {
    idle(nameNavs);
    idle(function () {
      mark();
      window.apEnhanced = true; /* tests wait for it (a flag: an attribute on <html> would restyle the page) */
    });
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
  window.addEventListener("resize", later);
})();
