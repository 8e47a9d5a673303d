/* Every page. Wide tables scroll sideways inside Material's wrapper; a keyboard user must be
   able to reach and scroll them too (axe scrollable-region-focusable): a wrapper that
   scrolls becomes a named, focusable region. Runs after Material has wrapped the tables. */
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
      if (label && !text(label)) {
        var link = label.parentElement && label.parentElement.querySelector("a");
        if (link && text(link)) label.setAttribute("aria-label", text(link));
      }
      names.push(text(label));
    }
    for (var j = 0; j < navs.length; j++) {
      var seen = names.filter(function (n) { return n === names[j]; }).length;
      var parent = navs[j].parentElement && navs[j].parentElement.closest("nav.md-nav[aria-labelledby]");
      if (seen > 1 && parent) {
        var own = names[j];
        var outer = text(document.getElementById(parent.getAttribute("aria-labelledby")));
        navs[j].removeAttribute("aria-labelledby");
        navs[j].setAttribute("aria-label", outer ? outer + " › " + own : own);
      }
    }
  }
  nameNavs();

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
