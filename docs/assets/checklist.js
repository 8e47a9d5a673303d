/* Checklist pages: saved ticks, runs, role filter and printing. No dependencies, no build step
 * (the build only minifies this file). Loaded only on checklist pages.
 *
 * Markup (hooks/apbook/render.py): each checklist is a `.ap-checklist[data-checklist]` block;
 * a page has one empty toolbar, `.ap-toolbar[data-checklist]` on a checklist page or
 * `.ap-toolbar[data-checklists="id id ..."]` on the pitch pack; items are
 * `ul.ap-items[data-checklist]` > `li.ap-item[data-item][data-roles][data-critical]` >
 * `input.ap-box[data-checklist][data-item]`; the index has `.ap-card[data-checklist][data-items]`
 * rows with a `.ap-progress`. The interface strings come as JSON in `script.ap-ui`: the `js_*`
 * keys of hooks/apbook/ui.py, and `roles`, the role names ({"planner": "策划", ...}).
 * The script adds the progress lines, the role-filter notice, the run name and a notes box
 * for paper (see checklist.css for the print layout).
 *
 * Storage (localStorage, shared by the English and Chinese pages; ids only, never positions):
 *   ap:v1:checklist:<checklist id> = {"version": 1, "current": <run id>, "runs": {<run id>:
 *       {"name": "Acme spring pitch", "ticks": {<item id>: true}, "updated": <ms since 1970>}}}
 *     Run ids match RUN_ID; the unnamed run is "default". Ticks of items no longer on the page
 *     are kept, harmlessly. Every write re-reads the key and changes one thing, so two tabs
 *     (kept in step by the `storage` event) never lose each other's ticks.
 *   ap:v1:role = the reader's role filter ("" or a role code such as "AE").
 *   ap:v1:corrupt:<checklist id>:<ms> = a stored value that could not be read in full, set
 *     aside as it was before anything is written over it; the readable part (if any) is kept.
 *     If it cannot be set aside (storage full), the value is left untouched and the checklist
 *     is kept in memory for this visit only. Each case shows a notice that says what happened.
 * Older values are migrated: a list of ticked ids, a flat {itemId: true} map, {ticks: {...}},
 * and {current, runs} without a version. Tick values are read as ticked when truthy.
 * Stored values and imported files are limited to LIMIT characters (bytes for files).
 * Export file: {"format": "ap-checklist-run", "version": 1, "checklist": <checklist id>,
 *   "id": <run id>, "run": {"name", "ticks", "updated"}}.
 * Every map read from storage or a file is copied into an object without prototype, and only
 * own properties are read, so ids such as "__proto__" or "constructor" are plain keys.
 */
(() => {
  "use strict";
  if (window.apChecklistLoaded) return;
  window.apChecklistLoaded = true;

  const PREFIX = "ap:v1:";
  const STATE_PREFIX = PREFIX + "checklist:";
  const ROLE_KEY = PREFIX + "role";
  const ASIDE_PREFIX = PREFIX + "corrupt:";
  const VERSION = 1;
  const DEFAULT_RUN = "default";
  const RUN_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const LIMIT = 256 * 1024;
  const ROLE_ORDER = ["AE", "AM", "AD"];
  // Room on one A4 sheet, in item rows (a pause point heading counts 1.5): a checklist that
  // leaves room gets a notes box on paper (tests print every such checklist on one page).
  const ROWS_PER_SHEET = 31;

  let strings = {};
  let storageWorks = true;
  const memory = Object.create(null);
  const memoryOnly = new Set();
  const notices = new Set();

  // --- Helpers

  /** Every element matching the selector, as an array. */
  function all(selector, root = document) {
    return [...root.querySelectorAll(selector)];
  }

  /** An empty map without prototype: any string is a safe key. */
  function emptyMap() {
    return Object.create(null);
  }

  /** True for a JSON object (not null, not a list). */
  function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  /** The own property `key` of `object`, never an inherited one. */
  function own(object, key) {
    return Object.hasOwn(object, key) ? object[key] : undefined;
  }

  /** The interface string `key`, with {0}, {1}... replaced by `values`. */
  function text(key, ...values) {
    return String(own(strings, key) ?? key).replace(/\{(\d)\}/g, (match, index) => values[index]);
  }

  /** A role's display name ("AE (account executive)", "策划"), or its code. */
  function roleName(role) {
    const names = own(strings, "roles");
    return (isObject(names) && own(names, role)) || role;
  }

  /** A new element: h("button", {type: "button", onclick: f}, "Print"). */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else if (value != null && value !== false) element.setAttribute(name, value === true ? "" : value);
    }
    element.append(...children.filter((child) => child != null && child !== false));
    return element;
  }

  // --- Storage and migration

  /** Reads a key; storage that throws switches the page to memory for the visit. */
  function readKey(key) {
    if (storageWorks && !memoryOnly.has(key)) {
      try {
        memory[key] = window.localStorage.getItem(key);
      } catch {
        storageFailed();
      }
    }
    return memory[key] ?? null;
  }

  /** Writes a key (memory always); true only if the browser kept it. */
  function writeKey(key, value) {
    memory[key] = value;
    if (!storageWorks || memoryOnly.has(key)) return false;
    if (store(key, value)) return true;
    storageFailed();
    return false;
  }

  /** One attempt to write to localStorage. */
  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }

  /** From now on ticks live in memory only; the reader is told. */
  function storageFailed() {
    storageWorks = false;
    notify("no_storage");
  }

  /** A run with these ticks. */
  function newRun(name = "", ticks = emptyMap(), updated = 0) {
    return { name, ticks, updated };
  }

  /** Ticked item ids as a clean map: truthy values are ticks, falsy ones are not. */
  function cleanTicks(ticks, report) {
    const clean = emptyMap();
    if (!isObject(ticks)) {
      report.lost = true;
      return clean;
    }
    for (const [item, value] of Object.entries(ticks)) if (value) clean[item] = true;
    return clean;
  }

  /** A clean copy of a stored or imported run, or null; report.lost marks dropped parts. */
  function cleanRun(run, report) {
    if (!isObject(run)) return null;
    const name = own(run, "name") ?? "";
    const updated = Number(own(run, "updated") ?? 0);
    if (typeof name !== "string" || !Number.isFinite(updated)) report.lost = true;
    return newRun(typeof name === "string" ? name.slice(0, 200) : "", cleanTicks(own(run, "ticks") ?? {}, report), updated || 0);
  }

  /**
   * Parsed stored data of any known format as {state, lost}, or null if none of it can be
   * read. `lost` is true when a part had to be left out (the whole value is then set aside).
   */
  function migrate(data) {
    const report = { lost: false };
    const version = isObject(data) ? own(data, "version") : undefined;
    let runs = emptyMap();
    let current = DEFAULT_RUN;
    if (Array.isArray(data)) {
      const ticks = emptyMap();
      for (const item of data) {
        if (typeof item === "string") ticks[item] = true;
        else report.lost = true;
      }
      runs[DEFAULT_RUN] = newRun("", ticks);
    } else if (!isObject(data) || (version !== undefined && version !== VERSION)) {
      return null;
    } else if (version === VERSION || isObject(own(data, "runs"))) {
      const storedRuns = own(data, "runs");
      if (!isObject(storedRuns)) return null;
      for (const [id, run] of Object.entries(storedRuns)) {
        const clean = RUN_ID.test(id) ? cleanRun(run, report) : null;
        if (clean) runs[id] = clean;
        else report.lost = true;
      }
      current = own(data, "current");
    } else {
      const ticks = own(data, "ticks");
      runs[DEFAULT_RUN] = newRun("", cleanTicks(isObject(ticks) ? ticks : data, report));
    }
    const ids = Object.keys(runs);
    if (!ids.length) runs = { __proto__: null, [DEFAULT_RUN]: newRun() };
    if (typeof current !== "string" || !Object.hasOwn(runs, current)) current = Object.keys(runs)[0];
    return { state: { version: VERSION, current, runs }, lost: report.lost };
  }

  /** A checklist's state from storage; data that cannot be read in full is set aside first. */
  function loadState(id) {
    const key = STATE_PREFIX + id;
    const raw = readKey(key);
    let result = raw == null ? migrate({}) : null;
    if (raw != null && raw.length <= LIMIT) {
      try {
        result = migrate(JSON.parse(raw));
      } catch {
        result = null;
      }
    }
    if (raw == null || (result && !result.lost)) {
      const json = JSON.stringify(result.state);
      if (raw != null && json !== raw) writeKey(key, json);
      return result.state;
    }
    const state = result ? result.state : migrate({}).state;
    if (store(ASIDE_PREFIX + id + ":" + Date.now(), raw)) {
      writeKey(key, JSON.stringify(state));
      notify(result ? "partly_read" : "set_aside");
    } else {
      // No room for a copy: leave the stored value as it is, keep this checklist in memory.
      memoryOnly.add(key);
      memory[key] = JSON.stringify(state);
      notify("left_alone");
    }
    return state;
  }

  /** Saves a state; false (and a notice if too large) when the browser did not keep it. */
  function saveState(id, state) {
    const json = JSON.stringify(state);
    if (json.length > LIMIT) {
      notify("too_big");
      return false;
    }
    return writeKey(STATE_PREFIX + id, json);
  }

  // --- State

  /** Re-reads a checklist, applies `change(state, currentRun)`, saves and redraws. */
  function update(id, change) {
    const state = loadState(id);
    change(state, state.runs[state.current]);
    const saved = saveState(id, state);
    render();
    return saved;
  }

  /** A fresh run id such as "rm3k2x9a7f1c". */
  function newRunId() {
    return "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  }

  /** The name shown for a run. */
  function runName(state, id = state.current) {
    return state.runs[id].name || text("default_run");
  }

  /** The ids of the checklists on this page (checklist blocks, checkboxes, index cards). */
  function checklistIds() {
    const ids = all("[data-checklist]").map((element) => element.dataset.checklist);
    return [...new Set(ids)];
  }

  /** The elements of one checklist matching a selector. */
  function partsOf(id, selector) {
    return all(selector).filter((element) => element.dataset.checklist === id);
  }

  /** The role codes used on this page, AE, AM, AD first. */
  function pageRoles() {
    const roles = new Set(all(".ap-item[data-roles]").flatMap((item) => item.dataset.roles.split(" ")));
    roles.delete("");
    const rank = (role) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : 99);
    return [...roles].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  }

  /** The role filter in force ("" for all), if it is a role on this page. */
  function currentRole() {
    const role = readKey(ROLE_KEY) || "";
    return pageRoles().includes(role) ? role : "";
  }

  // --- Rendering

  /** Shows the saved state: boxes, progress, run selectors, run names and role filter. */
  function render() {
    const states = emptyMap();
    for (const id of checklistIds()) {
      const state = (states[id] = loadState(id));
      const ticks = state.runs[state.current].ticks;
      for (const box of partsOf(id, ".ap-box")) box.checked = ticks[box.dataset.item] === true;
      for (const list of partsOf(id, "ul.ap-items")) {
        const boxes = all(".ap-box", list);
        const progress = list.previousElementSibling;
        if (progress?.matches(".ap-pp")) progress.textContent = text("progress", countTicked(boxes), boxes.length);
      }
      for (const card of partsOf(id, ".ap-card")) {
        const items = (card.dataset.items || "").split(" ").filter(Boolean);
        const progress = card.querySelector(".ap-progress");
        if (progress) progress.textContent = text("progress", items.filter((item) => ticks[item] === true).length, items.length);
      }
      for (const line of partsOf(id, ".ap-print-run")) {
        const unnamed = state.current === DEFAULT_RUN && !state.runs[state.current].name;
        line.textContent = unnamed ? "" : text("run_on_paper", runName(state));
      }
    }
    for (const bar of all(".ap-toolbar[data-controls]")) renderToolbar(bar, states);
    applyRole();
  }

  /** How many of these checkboxes are ticked. */
  function countTicked(boxes) {
    return boxes.filter((box) => box.checked).length;
  }

  /** A toolbar's progress line and run selector. */
  function renderToolbar(bar, states) {
    const ids = bar.dataset.controls.split(" ");
    const boxes = ids.flatMap((id) => partsOf(id, ".ap-box"));
    bar.querySelector(".ap-status").textContent = text("progress", countTicked(boxes), boxes.length);
    const select = bar.querySelector(".ap-run");
    if (!select) return;
    const state = states[ids[0]];
    const options = Object.keys(state.runs).map((run) => new Option(runName(state, run), run, false, run === state.current));
    select.replaceChildren(...options);
  }

  /** Hides items of other roles and says so above each checklist, on screen and on paper. */
  function applyRole() {
    const role = currentRole();
    for (const item of all(".ap-item[data-roles]")) item.hidden = role !== "" && !item.dataset.roles.split(" ").includes(role);
    for (const select of all(".ap-role")) select.value = role;
    for (const notice of all(".ap-filter")) {
      const hidden = partsOf(notice.dataset.checklist, ".ap-box").filter((box) => box.closest(".ap-item").hidden).length;
      notice.hidden = !hidden;
      notice.firstChild.textContent = text("filtered", roleName(role), hidden);
    }
  }

  /** Adds a notice about saved data (kept once each), shown at the top of the page. */
  function notify(key) {
    notices.add(key);
    let box = document.querySelector(".ap-notice");
    if (!box) {
      box = h("p", { class: "ap-notice", role: "status" });
      const heading = document.querySelector(".md-content__inner h1");
      if (heading) heading.after(box);
      else document.querySelector(".md-content__inner")?.prepend(box);
    }
    box.textContent = [...notices].map((notice) => text(notice)).join(" ");
  }

  /** Shows a message about the last action in a toolbar. */
  function say(bar, key) {
    bar.querySelector(".ap-alert").textContent = key ? text(key) : "";
  }

  // --- Toolbar and events

  /** A button that runs `action` when clicked. */
  function button(label, action, className) {
    return h("button", { type: "button", class: className, onclick: action }, label);
  }

  /**
   * Fills a toolbar for the checklists `ids`: progress, run selector (one checklist only),
   * role filter and Print in view; the rest in the "More" menu.
   */
  function buildToolbar(bar, ids) {
    bar.dataset.controls = ids.join(" ");
    const single = ids.length === 1 ? ids[0] : null;
    const roles = pageRoles();
    const runSelect = h("select", { class: "ap-run", onchange: () => switchRun(single, runSelect.value) });
    const roleSelect = h("select", { class: "ap-role", onchange: () => chooseRole(roleSelect.value) });
    roleSelect.append(new Option(text("all_roles"), ""), ...roles.map((role) => new Option(roleName(role), role)));
    const ticks = h("input", { type: "checkbox", class: "ap-ticks", onchange: () => printTicks(ticks.checked) });
    bar.replaceChildren(
      h(
        "div",
        { class: "ap-row" },
        h("p", { class: "ap-status", "aria-live": "polite" }),
        single && h("label", {}, text("run") + " ", runSelect),
        roles.length > 0 && h("label", {}, text("role") + " ", roleSelect),
        button(text("print"), () => window.print(), "ap-primary"),
        h(
          "details",
          { class: "ap-more" },
          h("summary", {}, text("more")),
          h(
            "div",
            { class: "ap-menu", onclick: closeMenu },
            ...(single ? runActions(bar, single) : []),
            h("label", {}, ticks, " " + text("print_ticks")),
          ),
        ),
      ),
      h("p", { class: "ap-alert", role: "alert" }),
    );
  }

  /** The menu's buttons for the runs of checklist `id`. */
  function runActions(bar, id) {
    const currentRun = () => loadState(id).runs[loadState(id).current];
    const fileInput = h("input", { type: "file", class: "ap-file", accept: ".json,application/json", hidden: true });
    fileInput.addEventListener("change", () => importFile(bar, fileInput));
    return [
      button(text("new_run"), () => askName(bar, "", (name) => addRun(id, name))),
      button(text("rename"), () => askName(bar, currentRun().name, (name) => update(id, (state, run) => (run.name = name)))),
      button(text("reset"), () => confirmAction(bar, "confirm_reset", "reset", () => update(id, resetRun))),
      button(text("delete"), () => confirmAction(bar, "confirm_delete", "delete", () => update(id, deleteRun))),
      button(text("export"), () => exportRun(id)),
      button(text("import"), () => fileInput.click()),
      fileInput,
    ];
  }

  /** Closes the "More" menu once one of its buttons is used. */
  function closeMenu(event) {
    if (event.target.matches("button")) event.currentTarget.parentElement.open = false;
  }

  /** Chooses a run of a checklist. */
  function switchRun(id, run) {
    update(id, (state) => {
      if (Object.hasOwn(state.runs, run)) state.current = run;
    });
  }

  /** Starts a new, empty run and makes it current. */
  function addRun(id, name) {
    update(id, (state) => {
      const run = newRunId();
      state.runs[run] = newRun(name, emptyMap(), Date.now());
      state.current = run;
    });
  }

  /** Unticks every item of the current run. */
  function resetRun(state, run) {
    run.ticks = emptyMap();
    run.updated = Date.now();
  }

  /** Deletes the current run (a checklist always keeps one). */
  function deleteRun(state) {
    delete state.runs[state.current];
    if (!Object.keys(state.runs).length) state.runs[DEFAULT_RUN] = newRun();
    state.current = Object.keys(state.runs)[0];
  }

  /** Remembers the role filter and applies it. */
  function chooseRole(role) {
    writeKey(ROLE_KEY, role);
    applyRole();
  }

  /** Prints the reader's ticks, or empty boxes for a pen. */
  function printTicks(on) {
    document.documentElement.classList.toggle("ap-print-ticks", on);
    for (const box of all(".ap-ticks")) box.checked = on;
  }

  /** Shows a small in-page form in the toolbar; Cancel or Escape closes it. */
  function openForm(bar, children, onSubmit, submitLabel) {
    closeForm(bar);
    say(bar, "");
    bar.querySelector(".ap-more").open = false;
    const submit = h("button", { type: "submit", class: "ap-primary" }, submitLabel);
    const form = h("form", { class: "ap-form" }, ...children, submit, button(text("cancel"), () => closeForm(bar)));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      closeForm(bar);
      onSubmit();
    });
    form.addEventListener("keydown", (event) => event.key === "Escape" && closeForm(bar));
    bar.querySelector(".ap-alert").before(form);
    form.querySelector("input, button").focus();
  }

  /** Removes the toolbar's form, if any, and gives focus back to the menu. */
  function closeForm(bar) {
    const form = bar.querySelector(".ap-form");
    if (!form) return;
    form.remove();
    bar.querySelector(".ap-more summary").focus();
  }

  /** Asks for a run name in the page, then calls `done(name)`. */
  function askName(bar, name, done) {
    const input = h("input", { type: "text", class: "ap-name", value: name, maxlength: 80, placeholder: text("name_example") });
    openForm(bar, [h("label", {}, text("run_name") + " ", input)], () => done(input.value.trim()), text("save"));
  }

  /** Asks the reader to confirm a destructive action on the current run. */
  function confirmAction(bar, question, label, done) {
    const id = bar.dataset.controls;
    openForm(bar, [h("p", {}, text(question, runName(loadState(id))))], done, text(label));
  }

  /** Downloads the current run as a JSON file. */
  function exportRun(id) {
    const state = loadState(id);
    const run = state.runs[state.current];
    const data = { format: "ap-checklist-run", version: VERSION, checklist: id, id: state.current, run };
    const link = h("a", {
      href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })),
      download: id + "-" + (run.name || state.current).replace(/[^\w-]+/g, "-") + ".json",
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  /** The run in an exported file, cleaned, if the file is a complete run of checklist `id`. */
  function importedRun(data, id) {
    if (!isObject(data) || own(data, "format") !== "ap-checklist-run" || own(data, "version") !== VERSION) return null;
    const runId = own(data, "id");
    const run = own(data, "run");
    if (own(data, "checklist") !== id || typeof runId !== "string" || !RUN_ID.test(runId)) return null;
    if (!isObject(run) || !isObject(own(run, "ticks"))) return null;
    const report = { lost: false };
    const clean = cleanRun(run, report);
    return report.lost ? null : { runId, run: clean };
  }

  /** Reads a chosen run file and adds its run; says whether it was kept. */
  async function importFile(bar, input) {
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    say(bar, "");
    if (file.size > LIMIT) return say(bar, "file_too_big");
    let content;
    try {
      content = await file.text();
    } catch {
      return say(bar, "file_unreadable");
    }
    let imported = null;
    try {
      imported = importedRun(JSON.parse(content), bar.dataset.controls);
    } catch {
      imported = null;
    }
    if (!imported) return say(bar, "bad_file");
    const id = bar.dataset.controls;
    const key = STATE_PREFIX + id;
    const before = readKey(key);
    const state = loadState(id);
    state.runs[imported.runId] = imported.run;
    state.current = imported.runId;
    if (saveState(id, state)) say(bar, "imported");
    else {
      memory[key] = before;
      say(bar, "not_saved");
    }
    render();
  }

  /** A tick or untick from any checkbox of a checklist. */
  function onChange(event) {
    const box = event.target;
    if (!box.matches?.(".ap-box[data-checklist]")) return;
    update(box.dataset.checklist, (state, run) => {
      if (box.checked) run.ticks[box.dataset.item] = true;
      else delete run.ticks[box.dataset.item];
      run.updated = Date.now();
    });
  }

  /**
   * Adds the parts the script owns: the toolbar (one per page: `.ap-toolbar[data-checklist]`
   * on a checklist, `.ap-toolbar[data-checklists]` on the pitch pack), progress lines, the
   * role-filter notice, the run name and notes box for paper.
   */
  function init() {
    try {
      strings = Object.assign(emptyMap(), JSON.parse(document.querySelector("script.ap-ui")?.textContent || "{}"));
    } catch {
      strings = emptyMap();
    }
    for (const bar of all(".ap-toolbar:is([data-checklist], [data-checklists])")) {
      const ids = (bar.dataset.checklists || bar.dataset.checklist).split(" ").filter(Boolean);
      if (!bar.dataset.controls && ids.length) buildToolbar(bar, ids);
    }
    for (const block of all(".ap-checklist[data-checklist]")) {
      if (block.querySelector(".ap-print-run")) continue;
      const id = block.dataset.checklist;
      block.querySelector(".ap-print-fields")?.before(h("p", { class: "ap-print-run", "data-checklist": id }));
      const showAll = button(text("show_all"), () => chooseRole(""));
      const separator = h("span", { class: "ap-sep" }, " · ");
      block.append(h("p", { class: "ap-filter", "data-checklist": id, role: "status" }, "", separator, showAll));
      const lists = partsOf(id, "ul.ap-items");
      const rows = partsOf(id, ".ap-box").length + 1.5 * lists.length;
      if (lists.length && rows <= ROWS_PER_SHEET) lists.at(-1).after(h("div", { class: "ap-notes" }, text("notes")));
    }
    for (const list of all("ul.ap-items[data-checklist]")) {
      if (!list.previousElementSibling?.matches(".ap-pp")) list.before(h("p", { class: "ap-pp" }));
    }
    render();
    for (const key of notices) notify(key);
    document.documentElement.setAttribute("data-ap-ready", "");
  }

  document.addEventListener("change", onChange);
  window.addEventListener("storage", (event) => {
    if (!event.key || event.key.startsWith(PREFIX)) render();
  });
  if (window.document$?.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
