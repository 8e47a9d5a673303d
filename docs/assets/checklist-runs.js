/* Run tools of checklist pages: new, rename, reset, delete, export and import of runs, and
 * "Print with my ticks" (everything in the toolbar's "More" menu).
 * An ES module loaded by checklist.js the first time the reader opens the "More" menu (or uses
 * one of its buttons), so that readers who only tick never download it. `start(api)` receives
 * what it needs of checklist.js (storage, state, strings; see `api` there) and returns one
 * function per toolbar action: action(bar, checklist id, control that was used).
 * The storage and export formats are documented at the top of checklist.js. The build writes
 * elements.js in at the `// @include` line.
 */

// @include elements.js

export function start(api) {
  const { text, say, loadState, update, runName } = api;

  /** A fresh run id such as "rm3k2x9a7f1c". */
  function newRunId() {
    return "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  }

  /** Shows a small in-page form in the toolbar; Cancel or Escape closes it. */
  function openForm(bar, children, onSubmit, submitLabel) {
    closeForm(bar);
    const submit = h("button", { type: "submit", class: "ap-primary" }, submitLabel);
    const cancel = button(text("cancel"), () => closeForm(bar));
    const form = h("form", { class: "ap-form" }, ...children, submit, cancel);
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

  /** Asks the reader to confirm a destructive action on the current run of checklist `id`. */
  function confirm(bar, id, question, control, done) {
    openForm(bar, [h("p", {}, text(question, runName(loadState(id))))], done, control.textContent);
  }

  /** Saves an imported state if the browser keeps it; if not, the page's state stays as it was too. */
  function saveOrUndo(id, state) {
    const key = api.STATE_PREFIX + id;
    const before = api.saved.read(key);
    const kept = api.saveState(id, state);
    if (!kept) api.saved.restore(key, before);
    api.render();
    return kept;
  }

  /** The run in an exported file, cleaned, if the file is a complete run of checklist `id`. */
  function importedRun(data, id) {
    const { isObject, own, cleanRun, VERSION, RUN_ID } = api;
    if (!isObject(data) || own(data, "format") !== "ap-checklist-run" || own(data, "version") !== VERSION) return null;
    const runId = own(data, "id");
    const run = own(data, "run");
    if (own(data, "checklist") !== id || typeof runId !== "string" || !RUN_ID.test(runId)) return null;
    if (!isObject(run) || !isObject(own(run, "ticks"))) return null;
    const report = { lost: false };
    const clean = cleanRun(run, report);
    return report.lost ? null : { runId, run: clean };
  }

  return {
    "new-run"(bar, id) {
      askName(bar, "", (name) =>
        update(id, (state) => {
          const run = newRunId();
          state.runs[run] = api.newRun(name, api.emptyMap(), Date.now());
          state.current = run;
        }),
      );
    },

    rename(bar, id) {
      const state = loadState(id);
      askName(bar, state.runs[state.current].name, (name) => update(id, (state, run) => (run.name = name)));
    },

    reset(bar, id, control) {
      confirm(bar, id, "confirm_reset", control, () =>
        update(id, (state, run) => {
          run.ticks = api.emptyMap();
          run.updated = Date.now();
        }),
      );
    },

    delete(bar, id, control) {
      confirm(bar, id, "confirm_delete", control, () =>
        update(id, (state) => {
          delete state.runs[state.current];
          if (!Object.keys(state.runs).length) state.runs.default = api.newRun();
          state.current = Object.keys(state.runs)[0];
        }),
      );
    },

    /** Prints the reader's ticks, or empty boxes for a pen. */
    "print-ticks"(bar, id, box) {
      document.documentElement.classList.toggle("ap-print-ticks", box.checked);
    },

    /** Downloads the current run as a JSON file. */
    export(bar, id) {
      const state = loadState(id);
      const run = state.runs[state.current];
      const data = { format: "ap-checklist-run", version: api.VERSION, checklist: id, id: state.current, run };
      const link = h("a", {
        href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })),
        download: id + "-" + (run.name || state.current).replace(/[^\w-]+/g, "-") + ".json",
      });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    },

    /** Reads the chosen run file and adds its run; says whether it was kept. */
    async "import-file"(bar, id, input) {
      const file = input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > api.LIMIT) return say(bar, "file_too_big");
      let content;
      try {
        content = await file.text();
      } catch {
        return say(bar, "file_unreadable");
      }
      let imported = null;
      try {
        imported = importedRun(JSON.parse(content), id);
      } catch {
        imported = null;
      }
      if (!imported) return say(bar, "bad_file");
      const state = loadState(id);
      state.runs[imported.runId] = imported.run;
      state.current = imported.runId;
      say(bar, saveOrUndo(id, state) ? "imported" : "not_saved");
    },
  };
}
