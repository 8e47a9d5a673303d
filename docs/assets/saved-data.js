/* Shared by checklist.js and quiz.js, never loaded by itself: the build writes this file into
 * each script where it says `// @include saved-data.js` (hooks/apbook/assets.py), so both
 * share one implementation and a page still loads one file.
 * Helpers for JSON read from storage or files, and localStorage with a memory fallback.
 */

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

/**
 * Saved data: localStorage, mirrored in memory. When the browser refuses to read or write
 * (storage blocked or full), the page goes on from memory for this visit and `onFailure()` is
 * called so that the reader can be told.
 */
function savedData(onFailure) {
  let works = true;
  const memory = emptyMap();
  const memoryOnly = new Set();

  /** One attempt to write to localStorage; true if the browser kept the value. */
  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }

  /** From now on everything lives in memory. */
  function failed() {
    works = false;
    onFailure();
  }

  /** A key's value, or null. */
  function read(key) {
    if (works && !memoryOnly.has(key)) {
      try {
        memory[key] = window.localStorage.getItem(key);
      } catch {
        failed();
      }
    }
    return memory[key] ?? null;
  }

  /** Writes a key (memory always); true only if the browser kept it. */
  function write(key, value) {
    memory[key] = value;
    if (!works || memoryOnly.has(key)) return false;
    if (store(key, value)) return true;
    failed();
    return false;
  }

  /**
   * Replaces an unreadable stored value by `clean`, after copying it to `asideKey`. With no room
   * for the copy, the stored value is left untouched and `clean` lasts in memory for this visit.
   * True if the copy was made.
   */
  function setAside(key, raw, asideKey, clean) {
    if (store(asideKey, raw)) {
      write(key, clean);
      return true;
    }
    memoryOnly.add(key);
    memory[key] = clean;
    return false;
  }

  /** Puts a value back in memory, undoing a change that the browser did not keep. */
  function restore(key, value) {
    memory[key] = value;
  }

  return { read, write, setAside, restore };
}
