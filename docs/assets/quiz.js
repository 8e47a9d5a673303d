/* Knowledge checks: answer, feedback, score, saved answers, retry and the two printouts.
 * No dependencies; the build writes saved-data.js (storage with a memory fallback, shared
 * with checklist.js) and elements.js in at their `// @include` lines and minifies the result.
 * Loaded on the quiz pages and the quiz index only.
 *
 * Markup (hooks/apbook/render.py): `.ap-quiz[data-quiz][data-total]` with an empty
 * `.ap-quiz-toolbar`, and one `fieldset.ap-question[data-quiz][data-question][data-multiple]`
 * per question holding `input.ap-option[value=<option id>]` and a `details.ap-answer` with
 * `li.ap-explanation[data-option][data-correct]` and an `a.ap-why` link. The index has
 * `tr.ap-quiz-card[data-quiz]` with a `span.ap-score`. The interface strings come as JSON in
 * `script.ap-ui` (the `js_quiz_*` keys of hooks/apbook/ui.py, without "js_").
 *
 * Storage (localStorage, shared by the English and Chinese pages; ids only, never positions):
 *   ap:v1:quiz:<quiz id> = {"version": 1, "answers": {<question id>: [<option id>, ...]}}
 *     An answer is written when it is checked: a single-answer question at once, a
 *     multiple-answer question with its Check button. Answers whose question or options are
 *     no longer on the page are ignored and kept as they are. Retry writes empty answers.
 *   ap:v1:corrupt:quiz:<quiz id>:<ms since 1970> = a stored value that could not be read in
 *     full (not JSON, another format, bad ids, non-list answers, over LIMIT characters), set
 *     aside before the readable part is written back. If there is no room for the copy, the
 *     value is left untouched and this visit's answers stay in memory.
 * Ids must match ID. Maps read from storage are copied into objects without a prototype and
 * only own properties are read, so ids such as "__proto__" are never used as keys.
 * If storage is blocked or full, the page still works and says the answers will not be kept.
 */
(() => {
  "use strict";
  if (window.apQuizLoaded) return;
  window.apQuizLoaded = true;

  const PREFIX = "ap:v1:";
  const STATE_PREFIX = PREFIX + "quiz:";
  const ASIDE_PREFIX = PREFIX + "corrupt:quiz:";
  const VERSION = 1;
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const LIMIT = 64 * 1024;
  const PRINT_CLASSES = ["ap-print-sheet", "ap-print-key"];

  let strings = emptyMap();
  let arrowKeyDown = false;
  const notices = new Set();

  // --- Helpers

  // @include saved-data.js
  // @include elements.js

  /** The interface string "quiz_<key>", with {0}, {1} replaced by `values`. */
  function text(key, ...values) {
    return String(own(strings, "quiz_" + key) ?? key).replace(/\{(\d)\}/g, (match, index) => values[index]);
  }

  // --- Storage

  const saved = savedData(() => notify("no_storage"));

  /**
   * Stored data as {answers, lost}: answers is a map without prototype from question id to
   * option ids; lost is true if some entries were unreadable. Null if none of it is readable.
   */
  function cleanData(data) {
    if (!isObject(data) || own(data, "version") !== VERSION || !isObject(own(data, "answers"))) return null;
    const stored = own(data, "answers");
    const answers = emptyMap();
    let lost = false;
    for (const [question, options] of Object.entries(stored)) {
      const valid = ID.test(question) && Array.isArray(options) && options.length > 0 && options.length <= 50 &&
        options.every((option) => typeof option === "string" && ID.test(option)) && new Set(options).size === options.length;
      if (valid) answers[question] = [...options];
      else lost = true;
    }
    return { answers, lost };
  }

  /** The saved answers of a quiz; unreadable data is set aside first (once), with a notice. */
  function loadAnswers(quiz) {
    const key = STATE_PREFIX + quiz;
    const raw = saved.read(key);
    if (raw == null) return emptyMap();
    let result = null;
    if (raw.length <= LIMIT) {
      try {
        result = cleanData(JSON.parse(raw));
      } catch {
        result = null;
      }
    }
    if (result && !result.lost) return result.answers;
    const answers = result ? result.answers : emptyMap();
    const json = serialize(answers);
    notify(saved.setAside(key, raw, ASIDE_PREFIX + quiz + ":" + Date.now(), json) ? "set_aside" : "left_alone");
    return answers;
  }

  /** The stored form of a quiz's answers. */
  function serialize(answers) {
    return JSON.stringify({ version: VERSION, answers });
  }

  /** Re-reads a quiz's answers, applies `change(answers)` and saves them. */
  function updateAnswers(quiz, change) {
    const answers = loadAnswers(quiz);
    change(answers);
    saved.write(STATE_PREFIX + quiz, serialize(answers));
  }

  // --- State

  /** The questions under `root` (this page, or a fetched quiz page): ids, options, right set. */
  function readQuestions(root) {
    return all("fieldset.ap-question[data-question]", root).map((fieldset) => ({
      fieldset,
      id: fieldset.dataset.question,
      multiple: fieldset.dataset.multiple === "true",
      options: all(".ap-answer .ap-explanation", fieldset).map((item) => item.dataset.option),
      correct: all('.ap-answer .ap-explanation[data-correct="true"]', fieldset).map((item) => item.dataset.option),
    }));
  }

  /** The saved answer to a question if it still fits the question (its options exist), or null. */
  function answerTo(question, answers) {
    const answer = own(answers, question.id);
    if (!answer || !answer.every((option) => question.options.includes(option))) return null;
    return question.multiple || answer.length === 1 ? answer : null;
  }

  /** Whether an answer is exactly the set of correct options. */
  function isRight(question, answer) {
    return answer.length === question.correct.length && answer.every((option) => question.correct.includes(option));
  }

  /** How many questions were answered right. */
  function countRight(questions, answers) {
    return questions.filter((question) => {
      const answer = answerTo(question, answers);
      return answer && isRight(question, answer);
    }).length;
  }

  // --- Rendering

  /** Shows the saved answers of the quiz on this page: options, feedback, score. */
  function render() {
    const block = document.querySelector(".ap-quiz[data-quiz]");
    if (!block) return;
    const quiz = block.dataset.quiz;
    const answers = loadAnswers(quiz);
    const questions = readQuestions(block);
    for (const question of questions) renderQuestion(question, answerTo(question, answers));
    const score = block.querySelector(".ap-quiz-score");
    if (score) score.textContent = text("score", countRight(questions, answers), questions.length);
  }

  /** One question: locked with its feedback if answered, open otherwise. */
  function renderQuestion(question, answer) {
    const fieldset = question.fieldset;
    const shown = answer ? answer.join(" ") : "";
    if (fieldset.dataset.shown === shown) return; // unchanged: do not repeat the live region
    const wasAnswered = Boolean(fieldset.dataset.shown);
    fieldset.dataset.shown = shown;
    fieldset.dataset.result = answer ? (isRight(question, answer) ? "right" : "wrong") : "";
    for (const input of all(".ap-option", fieldset)) {
      if (answer || wasAnswered) input.checked = Boolean(answer?.includes(input.value));
      input.disabled = Boolean(answer);
      const row = input.closest(".ap-option-row");
      row.querySelector(".ap-mark")?.remove();
      const mark = answer ? optionMark(question, answer, input.value) : "";
      row.dataset.mark = mark;
      if (mark) row.querySelector("label")?.append(h("span", { class: "ap-mark" }, text(mark)));
    }
    const check = fieldset.querySelector(".ap-check");
    if (check) check.hidden = Boolean(answer);
    fieldset.querySelector(".ap-choose-first")?.replaceChildren();
    fieldset.querySelector(".ap-result")?.replaceChildren(...(answer ? feedback(question, answer) : []));
  }

  /** The mark of an option once answered: the reader's choice, or a right answer they missed. */
  function optionMark(question, answer, option) {
    const right = question.correct.includes(option);
    if (answer.includes(option)) return right ? "yours_right" : "yours_wrong";
    return right && !isRight(question, answer) ? "missed" : "";
  }

  /** The feedback of an answer: verdict, the chosen options' explanations (and the right
   * ones if the answer was wrong), and the link to the section that teaches it. */
  function feedback(question, answer) {
    const right = isRight(question, answer);
    const shown = question.options.filter((option) => answer.includes(option) || (!right && question.correct.includes(option)));
    const explanations = shown.map((option) =>
      question.fieldset.querySelector(`.ap-answer [data-option="${CSS.escape(option)}"]`).cloneNode(true));
    const why = question.fieldset.querySelector(".ap-answer .ap-why");
    return [
      h("p", { class: "ap-verdict" }, text(right ? "right" : "wrong")),
      h("ul", { class: "ap-explanations" }, ...explanations),
      why && h("p", {}, why.cloneNode(true)),
    ];
  }

  /** Adds a notice about saved data (kept once each), under the page title. */
  function notify(key) {
    notices.add(key);
    let box = document.querySelector(".ap-quiz-notice");
    if (!box) {
      box = h("p", { class: "ap-quiz-notice", role: "status" });
      const heading = document.querySelector(".md-content__inner h1");
      if (heading) heading.after(box);
      else document.querySelector(".md-content__inner, body")?.prepend(box);
    }
    box.textContent = [...notices].map((notice) => text(notice)).join(" ");
  }

  /** Shows the scores on the index: each answered quiz's page is read for its right options. */
  async function renderIndex() {
    const cards = all("tr.ap-quiz-card[data-quiz]");
    await Promise.all(cards.map(async (card) => {
      const answers = loadAnswers(card.dataset.quiz);
      const link = card.querySelector("a[href]");
      const score = card.querySelector(".ap-score");
      if (!Object.keys(answers).length || !link || !score) return;
      try {
        const response = await fetch(link.href);
        if (!response.ok) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const questions = readQuestions(page);
        if (questions.some((question) => answerTo(question, answers))) {
          score.textContent = text("score", countRight(questions, answers), questions.length);
        }
      } catch {
        // Offline or unreadable: the card keeps its number of questions.
      }
    }));
  }

  // --- Toolbar, printing and events

  /** Fills the quiz toolbar: score, the two printouts, retry; and each question's controls. */
  function build(block) {
    const bar = block.querySelector(".ap-quiz-toolbar");
    if (bar && !bar.firstChild) {
      bar.append(
        h("div", { class: "ap-quiz-row" },
          h("p", { class: "ap-quiz-score", "aria-live": "polite" }),
          button(text("print_questions"), () => printAs("ap-print-sheet")),
          button(text("print_key"), () => printAs("ap-print-key")),
          button(text("retry"), () => askRetry(block))),
        h("p", { class: "ap-quiz-alert", role: "status" }));
      block.querySelector(".ap-summary")?.after(
        h("p", { class: "ap-print-kind ap-print-sheet-only" }, text("sheet")),
        h("p", { class: "ap-print-kind ap-print-key-only" }, text("key")),
        h("p", { class: "ap-print-name ap-print-sheet-only" }, text("name"), h("span"), text("date"), h("span")));
    }
    for (const question of readQuestions(block)) {
      const fieldset = question.fieldset;
      if (fieldset.querySelector(".ap-result")) continue;
      for (const input of all(".ap-option", fieldset)) {
        if (question.correct.includes(input.value)) input.closest(".ap-option-row").dataset.correct = "true";
      }
      fieldset.querySelector(".ap-options")?.after(
        question.multiple ? button(text("check"), () => checkMultiple(question), "ap-check") : "",
        h("p", { class: "ap-choose-first", role: "status" }),
        h("div", { class: "ap-result", "aria-live": "polite", tabindex: "-1" }));
    }
  }

  /** Prints the question sheet or the answer key: a class on <html> until `afterprint`.
   * (Material opens every details element for printing; quiz.css hides the answers on the sheet.) */
  function printAs(className) {
    document.documentElement.classList.add(className);
    window.print();
  }

  /** Asks in the page (not with confirm()) before clearing the answers of this quiz. */
  function askRetry(block) {
    const bar = block.querySelector(".ap-quiz-toolbar");
    const opener = document.activeElement;
    bar.querySelector(".ap-quiz-alert").textContent = "";
    bar.querySelector(".ap-quiz-confirm")?.remove();
    const close = () => {
      form.remove();
      opener?.focus();
    };
    const form = h("form", { class: "ap-quiz-confirm", onsubmit: (event) => {
      event.preventDefault();
      form.remove();
      retry(block);
    } },
      h("p", {}, text("confirm_retry")),
      h("button", { type: "submit", class: "ap-primary" }, text("clear")),
      button(text("cancel"), close));
    form.addEventListener("keydown", (event) => event.key === "Escape" && close());
    bar.querySelector(".ap-quiz-alert").before(form);
    form.querySelector("button").focus();
  }

  /** Clears the quiz's answers and unlocks every question. */
  function retry(block) {
    updateAnswers(block.dataset.quiz, (answers) => {
      for (const question of Object.keys(answers)) delete answers[question];
    });
    render();
    block.querySelector(".ap-quiz-alert").textContent = text("cleared");
    block.querySelector(".ap-option")?.focus();
  }

  /** Saves an answer, shows its feedback and moves focus there (the options are now locked). */
  function answer(question, options) {
    if (question.fieldset.dataset.shown) return;
    updateAnswers(question.fieldset.dataset.quiz, (answers) => {
      answers[question.id] = options;
    });
    render();
    question.fieldset.querySelector(".ap-result")?.focus({ preventScroll: true });
  }

  /** The Check button of a multiple-answer question. */
  function checkMultiple(question) {
    const chosen = all(".ap-option:checked", question.fieldset).map((input) => input.value);
    if (chosen.length) answer(question, chosen);
    else question.fieldset.querySelector(".ap-choose-first").textContent = text("choose_first");
  }

  /** The question of an option input, or null. */
  function questionOf(input) {
    const fieldset = input.matches?.(".ap-option") ? input.closest("fieldset.ap-question") : null;
    return fieldset ? readQuestions(fieldset.parentElement).find((question) => question.fieldset === fieldset) : null;
  }

  /** A chosen radio answers its question, unless the arrow keys only moved through the options. */
  function onChange(event) {
    const question = questionOf(event.target);
    if (!question) return;
    const moved = arrowKeyDown;
    arrowKeyDown = false;
    question.fieldset.querySelector(".ap-choose-first")?.replaceChildren();
    if (!question.multiple && !moved) answer(question, [event.target.value]);
  }

  /** Arrow keys move through a question's radios; Space or Enter then answers with the one chosen. */
  function onKeyDown(event) {
    const question = questionOf(event.target);
    if (!question) return;
    arrowKeyDown = event.key.startsWith("Arrow");
    if (event.key === "Enter") event.preventDefault();
    if (!question.multiple && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.target.checked = true;
      answer(question, [event.target.value]);
    }
  }

  /** Adds the parts the script owns, then shows the saved answers or scores. */
  async function init() {
    try {
      strings = Object.assign(emptyMap(), JSON.parse(document.querySelector("script.ap-ui")?.textContent || "{}"));
    } catch {
      strings = emptyMap();
    }
    const block = document.querySelector(".ap-quiz[data-quiz]");
    if (block) build(block);
    render();
    await renderIndex();
    for (const key of notices) notify(key);
    document.documentElement.setAttribute("data-ap-ready", "");
  }

  document.addEventListener("change", onChange);
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("keyup", () => (arrowKeyDown = false));
  document.addEventListener("submit", (event) => event.target.matches(".ap-questions") && event.preventDefault());
  window.addEventListener("afterprint", () => document.documentElement.classList.remove(...PRINT_CLASSES));
  window.addEventListener("storage", (event) => {
    if (!event.key || event.key.startsWith(STATE_PREFIX)) render();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
