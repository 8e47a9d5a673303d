/* Checklist ticks, runs, roles, print: see hooks/apbook/render.py for markup and storage. */
(() => {
  "use strict";
  var W = window, D = document, P = "ap:v1:", K = P + "checklist:", ROLE = P + "role", VERSION = 1;
  var s = {}, mem = {}, broken = false, notes = {};

  function all(sel, root) { return [...(root || D).querySelectorAll(sel)]; }
  function fmt(t, ...a) { return (t || "{0}/{1}").replace(/\{(\d)\}/g, (m, i) => a[i]); }
  function now() { return Date.now(); }
  function fail() { broken = true; note("nosave"); }
  function get(k) {
    if (!broken) try { return (mem[k] = W.localStorage.getItem(k)); } catch (e) { fail(); }
    return mem[k] ?? null;
  }
  function set(k, v) {
    mem[k] = v;
    if (!broken) try { W.localStorage.setItem(k, v); } catch (e) { fail(); }
  }

  function blank() { return { name: "", ticks: {}, updated: 0 }; }
  function clean(t) {
    var o = {};
    if (t && typeof t == "object" && !Array.isArray(t)) for (var k in t) if (t[k] === true) o[k] = true;
    return o;
  }
  function migrate(o) {
    if (Array.isArray(o)) o = o.reduce((t, i) => { if (typeof i == "string") t[i] = true; return t; }, {});
    if (!o || typeof o != "object") return null;
    if (o.version == null) o = { current: "default", runs: { default: { ticks: o.ticks || o } } };
    else if (o.version !== VERSION || !o.runs || typeof o.runs != "object") return null;
    var runs = {}, r;
    for (var id in o.runs) {
      r = o.runs[id];
      if (r && typeof r == "object") runs[id] = { name: String(r.name || ""), ticks: clean(r.ticks), updated: +r.updated || 0 };
    }
    if (!Object.keys(runs).length) runs["default"] = blank();
    return { version: VERSION, current: runs[o.current] ? o.current : Object.keys(runs)[0], runs: runs };
  }
  function load(id) {
    var raw = get(K + id), st = null;
    if (raw == null) return migrate({});
    try { st = migrate(JSON.parse(raw)); } catch {}
    if (!st) {
      set(P + "corrupt:" + id + ":" + now(), raw);
      note("corrupt");
      st = migrate({});
    }
    if (JSON.stringify(st) !== raw) save(id, st);
    return st;
  }
  function save(id, st) { set(K + id, JSON.stringify(st)); }
  function update(id, fn) {
    var st = load(id);
    fn(st, st.runs[st.current]);
    save(id, st);
    render(id);
  }

  function note(key) {
    notes[key] = s[key];
    var box = all(".ap-notice"), text = Object.keys(notes).map(k => notes[k]).join(" ");
    if (!box.length) {
      D.querySelector(".md-content__inner")?.insertAdjacentHTML("afterbegin", '<p class="ap-notice" role="status"></p>');
      box = all(".ap-notice");
    }
    box.forEach(b => { b.textContent = text; });
  }
  function say(tb, text) { tb.querySelector(".ap-alert").textContent = text; }

  function runName(st, id) { return st.runs[id].name || s.def; }
  function count(boxes, ticks) { return boxes.filter(b => ticks[b.dataset.item]).length; }

  function render(id) {
    var st = load(id), ticks = st.runs[st.current].ticks, q = '[data-checklist="' + id + '"]', boxes = all(".ap-box" + q);
    boxes.forEach(b => { b.checked = !!ticks[b.dataset.item]; });
    all("ul.ap-items" + q).forEach(ul => {
      var bs = all(".ap-box", ul), pp = ul.previousElementSibling;
      if (pp?.matches(".ap-pp")) pp.textContent = fmt(s.of, count(bs, ticks), bs.length);
    });
    all(".ap-toolbar" + q).forEach(tb => {
      var sel = tb.querySelector(".ap-run");
      if (!sel) return;
      tb.querySelector(".ap-status").textContent = fmt(s.of, count(boxes, ticks), boxes.length);
      sel.textContent = "";
      Object.keys(st.runs).forEach(r => { sel.add(new Option(runName(st, r), r, false, r === st.current)); });
    });
    all(".ap-card" + q).forEach(card => {
      var ids = (card.dataset.items || "").split(" ").filter(Boolean), p = card.querySelector(".ap-progress");
      if (p) p.textContent = fmt(s.of, ids.filter(i => ticks[i]).length, ids.length);
    });
  }

  function roles() {
    var seen = {}, order = ["AE", "AM", "AD"];
    all(".ap-item[data-roles]").forEach(li => { li.dataset.roles.split(" ").forEach(r => { if (r) seen[r] = 1; }); });
    function rank(r) { var i = order.indexOf(r); return i < 0 ? 99 : i; }
    return Object.keys(seen).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  }
  function applyRole() {
    var r = get(ROLE) || "";
    if (roles().indexOf(r) < 0) r = "";
    all(".ap-item[data-roles]").forEach(li => { li.hidden = !!r && li.dataset.roles.split(" ").indexOf(r) < 0; });
    all(".ap-role").forEach(sel => { sel.value = r; });
  }

  function button(a, label) { return '<button type="button" data-a="' + a + '">' + label + "</button>"; }
  function toolbar(tb, first) {
    var rs = roles(), opts = '<option value="">' + s.all + "</option>" + rs.map(r => "<option>" + r + "</option>").join("");
    tb.innerHTML =
      '<p class="ap-status" aria-live="polite"></p><div class="ap-row"><label>' + s.run + ' <select class="ap-run"></select></label>' +
      button("add", s.add) + button("ren", s.ren) + button("reset", s.reset) + button("del", s.del) + button("exp", s.exp) +
      button("imp", s.imp) + '<input type="file" class="ap-file" accept=".json,application/json" hidden></div><div class="ap-row">' +
      (first && rs.length ? '<label>' + s.role + ' <select class="ap-role">' + opts + "</select></label>" : "") +
      '<label><input type="checkbox" class="ap-ticks"> ' + s.ticks + "</label>" + button("print", s.print) +
      '</div><p class="ap-notice" role="status"></p><p class="ap-alert" role="alert"></p>';
  }

  function act(a, tb, id) {
    var st = load(id), cur = st.current, name;
    say(tb, "");
    if (a === "add" || a === "ren") {
      name = W.prompt(s.name, a === "ren" ? st.runs[cur].name : "");
      if (name == null) return;
      update(id, (st, run) => {
        if (a === "ren") return (run.name = name.trim());
        var r = "r" + now().toString(36) + Math.random().toString(36).slice(2, 6);
        st.runs[r] = { name: name.trim(), ticks: {}, updated: now() };
        st.current = r;
      });
    } else if (a === "reset" && W.confirm(fmt(s.cReset, runName(st, cur)))) {
      update(id, (st, run) => { run.ticks = {}; run.updated = now(); });
    } else if (a === "del" && W.confirm(fmt(s.cDel, runName(st, cur)))) {
      update(id, st => {
        delete st.runs[st.current];
        if (!Object.keys(st.runs).length) st.runs["default"] = blank();
        st.current = Object.keys(st.runs)[0];
      });
    } else if (a === "exp") {
      var data = { format: "ap-checklist-run", version: VERSION, checklist: id, id: cur, run: st.runs[cur] };
      var link = D.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      link.download = id + "-" + ((st.runs[cur].name || cur).replace(/[^\w-]+/g, "-")) + ".json";
      D.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => { URL.revokeObjectURL(link.href); }, 1e4);
    } else if (a === "imp") tb.querySelector(".ap-file").click();
    else if (a === "print") W.print();
  }

  function importFile(input, tb, id) {
    var file = input.files[0];
    if (!file) return;
    file.text().then(text => {
      var d = null;
      try { d = JSON.parse(text); } catch {}
      input.value = "";
      var t = d?.run?.ticks;
      if (d?.format !== "ap-checklist-run" || d.version !== VERSION || d.checklist !== id || !d.id || typeof d.id != "string" ||
          !t || typeof t != "object" || Array.isArray(t)) return say(tb, s.bad);
      update(id, st => {
        st.runs[d.id] = { name: String(d.run.name || ""), ticks: clean(d.run.ticks), updated: now() };
        st.current = d.id;
      });
      say(tb, s.ok);
    });
  }

  function onChange(e) {
    var el = e.target, is = c => el.classList.contains(c), tb = el.closest(".ap-toolbar"), id = (tb || el).dataset.checklist;
    if (is("ap-box")) {
      update(el.dataset.checklist, (st, run) => {
        if (el.checked) run.ticks[el.dataset.item] = true;
        else delete run.ticks[el.dataset.item];
        run.updated = now();
      });
    } else if (is("ap-run")) {
      update(id, st => { if (st.runs[el.value]) st.current = el.value; });
    } else if (is("ap-role")) {
      set(ROLE, el.value);
      applyRole();
    } else if (is("ap-ticks")) {
      D.documentElement.classList.toggle("ap-print-ticks", el.checked);
      all(".ap-ticks").forEach(c => { c.checked = el.checked; });
    } else if (is("ap-file")) importFile(el, tb, id);
  }

  function ids() {
    var seen = {};
    all(".ap-box[data-checklist], .ap-card[data-checklist], .ap-toolbar[data-checklist]").forEach(el => { seen[el.dataset.checklist] = 1; });
    return Object.keys(seen);
  }

  function init() {
    var ui = D.querySelector("script.ap-ui");
    if (ui) try { s = JSON.parse(ui.textContent); } catch {}
    all(".ap-toolbar[data-checklist]").forEach((tb, i) => {
      if (!tb.querySelector(".ap-run")) toolbar(tb, i === 0);
    });
    all("ul.ap-items[data-checklist]").forEach(ul => {
      if (!ul.previousElementSibling?.matches(".ap-pp")) ul.insertAdjacentHTML("beforebegin", '<p class="ap-pp"></p>');
    });
    ids().forEach(render);
    applyRole();
    if (Object.keys(notes).length) note(Object.keys(notes)[0]);
    D.documentElement.setAttribute("data-ap-ready", "");
  }

  if (W.__apChecklist) return;
  W.__apChecklist = true;
  D.addEventListener("change", onChange);
  D.addEventListener("click", e => {
    var b = e.target.closest(".ap-toolbar button[data-a]");
    if (b) act(b.dataset.a, b.closest(".ap-toolbar"), b.closest(".ap-toolbar").dataset.checklist);
  });
  W.addEventListener("storage", e => {
    if (!e.key) ids().forEach(render);
    else if (e.key.indexOf(K) === 0 && ids().indexOf(e.key.slice(K.length)) >= 0) render(e.key.slice(K.length));
    else if (e.key === ROLE) applyRole();
  });
  if (W.document$?.subscribe) W.document$.subscribe(init);
  else if (D.readyState === "loading") D.addEventListener("DOMContentLoaded", init);
  else init();
})();
