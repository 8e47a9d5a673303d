/* Checklist pages: saved ticks, runs, role filter and printing. No dependencies; the build
 * writes saved-data.js (storage with a memory fallback, shared with quiz.js) in at its
 * `// @include` line and minifies the result. Loaded only on checklist pages; the run tools (new,
 * rename, reset, delete, export, import, print with my ticks) are in checklist-runs.js, an ES
 * module imported the first time the reader opens the toolbar's "More" menu.
 *
 * Markup (all of it from hooks/apbook/render.py; this script adds no element of its own):
 * `p.ap-notice` under the page title for notices about saved data; each checklist is a
 * `.ap-checklist[data-checklist]` block holding `p.ap-print-run` and a hidden `p.ap-filter`; a
 * page has one toolbar, `.ap-toolbar[data-checklist]` on a checklist page or
 * `.ap-toolbar[data-checklists="id id ..."]` on the pitch pack (noscript.css hides it without
 * JavaScript), with `.ap-status`, `select.ap-run`, `select.ap-role`, `input.ap-ticks`,
 * `input.ap-file` and `button[data-action]`; items are
 * `ul.ap-items[data-checklist]` (after a `p.ap-pp`) > `li.ap-item[data-item][data-roles]` >
 * `input.ap-box[data-checklist][data-item]`; the index has `.ap-card[data-checklist][data-items]`
 * rows with a `.ap-progress`. The strings come as JSON in `script.ap-ui`: the `js_*` keys of
 * hooks/apbook/ui.py, and `roles`, the role names ({"planner": "策划", ...}).
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

  let strings = {};
  const notices = new Set();

  // --- Helpers

  // @include saved-data.js

  /** The interface string `key`, with {0}, {1}... replaced by `values`. */
  function text(key, ...values) {
    return String(own(strings, key) ?? key).replace(/\{(\d)\}/g, (match, index) => values[index]);
  }

  /** A role's display name ("AE (account executive)", "策划"), or its code. */
  function roleName(role) {
    const names = own(strings, "roles");
    return (isObject(names) && own(names, role)) || role;
  }

  // --- Storage and migration

  const saved = savedData(() => notify("no_storage"));

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
    if (!Object.keys(runs).length) runs = { __proto__: null, [DEFAULT_RUN]: newRun() };
    if (typeof current !== "string" || !Object.hasOwn(runs, current)) current = Object.keys(runs)[0];
    return { state: { version: VERSION, current, runs }, lost: report.lost };
  }

  /** A checklist's state from storage; data that cannot be read in full is set aside first. */
  function loadState(id) {
    const key = STATE_PREFIX + id;
    const raw = saved.read(key);
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
      if (raw != null && json !== raw) saved.write(key, json);
      return result.state;
    }
    const state = result ? result.state : migrate({}).state;
    const setAside = saved.setAside(key, raw, ASIDE_PREFIX + id + ":" + Date.now(), JSON.stringify(state));
    notify(!setAside ? "left_alone" : result ? "partly_read" : "set_aside");
    return state;
  }

  /** Saves a state; false (and a notice if too large) when the browser did not keep it. */
  function saveState(id, state) {
    const json = JSON.stringify(state);
    if (json.length > LIMIT) {
      notify("too_big");
      return false;
    }
    return saved.write(STATE_PREFIX + id, json);
  }

  // --- State

  /** Re-reads a checklist, applies `change(state, currentRun)`, saves and redraws. */
  function update(id, change) {
    const state = loadState(id);
    change(state, state.runs[state.current]);
    const kept = saveState(id, state);
    render();
    return kept;
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

  /** The role filter in force ("" for all), if the page offers that role. */
  function currentRole() {
    const role = saved.read(ROLE_KEY) || "";
    return all(".ap-role option").some((option) => option.value === role) ? role : "";
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
    for (const bar of all(".ap-toolbar")) renderToolbar(bar, states);
    applyRole();
  }

  /** How many of these checkboxes are ticked. */
  function countTicked(boxes) {
    return boxes.filter((box) => box.checked).length;
  }

  /** The checklist ids a toolbar controls (one, or the pitch pack's). */
  function toolbarIds(bar) {
    return (bar.dataset.checklists || bar.dataset.checklist || "").split(" ").filter(Boolean);
  }

  /** A toolbar's progress line and run selector. */
  function renderToolbar(bar, states) {
    const ids = toolbarIds(bar);
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

  /** Adds a notice about saved data (each said once), shown at the top of the page. */
  function notify(key) {
    notices.add(key);
    showNotices();
  }

  /** Shows the notices about saved data under the page title. */
  function showNotices() {
    const box = document.querySelector(".ap-notice");
    if (box) box.textContent = [...notices].map((notice) => text(notice)).join(" ");
  }

  /** Shows a message about the last action in a toolbar. */
  function say(bar, key) {
    bar.querySelector(".ap-alert").textContent = key ? text(key) : "";
  }

  // --- Toolbar and events

  /** Chooses a run of a checklist. */
  function switchRun(id, run) {
    update(id, (state) => {
      if (Object.hasOwn(state.runs, run)) state.current = run;
    });
  }

  /** Remembers the role filter and applies it. */
  function chooseRole(role) {
    saved.write(ROLE_KEY, role);
    applyRole();
  }

  /** What checklist-runs.js uses of this script. */
  const api = { VERSION, RUN_ID, LIMIT, STATE_PREFIX, saved, text, say, loadState, saveState, update, render, runName, emptyMap, newRun, cleanRun, isObject, own };
  const runsUrl = new URL("checklist-runs.js", document.currentScript?.src || location.href);
  let runTools = null;

  /** The run tools, loaded once (when the "More" menu first opens, or on first use). */
  function loadRunTools() {
    // A failed load is forgotten, so that the next use tries again.
    runTools ??= import(runsUrl)
      .then((module) => module.start(api))
      .catch((error) => {
        runTools = null;
        throw error;
      });
    return runTools;
  }

  /** Runs a run tool ("new-run", "rename", "import-file"...) for a toolbar's checklist. */
  async function useRunTool(bar, name, control) {
    say(bar, "");
    try {
      (await loadRunTools())[name](bar, bar.dataset.checklist, control);
    } catch {
      say(bar, "tools_failed");
    }
  }

  /** A click on a toolbar or filter-notice button. */
  function onClick(event) {
    const control = event.target.closest?.("button[data-action]");
    if (!control) return;
    const action = control.dataset.action;
    const bar = control.closest(".ap-toolbar");
    const menu = control.closest(".ap-more");
    if (menu) menu.open = false;
    if (action === "print") window.print();
    else if (action === "show-all") chooseRole("");
    else if (action === "import") bar.querySelector(".ap-file").click();
    else if (bar) useRunTool(bar, action, control);
  }

  /** A tick or untick, or a change of run, role, print option or chosen file. */
  function onChange(event) {
    const control = event.target;
    const bar = control.closest?.(".ap-toolbar");
    if (control.matches?.(".ap-box[data-checklist]")) {
      update(control.dataset.checklist, (state, run) => {
        if (control.checked) run.ticks[control.dataset.item] = true;
        else delete run.ticks[control.dataset.item];
        run.updated = Date.now();
      });
    } else if (!bar) return;
    else if (control.matches(".ap-run")) switchRun(bar.dataset.checklist, control.value);
    else if (control.matches(".ap-role")) chooseRole(control.value);
    else if (control.matches(".ap-ticks")) useRunTool(bar, "print-ticks", control);
    else if (control.matches(".ap-file")) useRunTool(bar, "import-file", control);
  }

  /** Reads the strings and shows the saved state. Safe to call again. */
  function init() {
    try {
      strings = Object.assign(emptyMap(), JSON.parse(document.querySelector("script.ap-ui")?.textContent || "{}"));
    } catch {
      strings = emptyMap();
    }
    render();
    showNotices();
    document.documentElement.setAttribute("data-ap-ready", "");
  }

  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
  // Opening "More" loads the run tools, so that they answer at once when chosen.
  document.addEventListener("toggle", (event) => event.target.matches?.(".ap-more[open]") && loadRunTools(), true);
  window.addEventListener("storage", (event) => {
    if (!event.key || event.key.startsWith(PREFIX)) render();
  });
  if (window.document$?.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
