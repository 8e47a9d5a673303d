/* Shared by quiz.js and checklist-runs.js, never loaded by itself: the build writes this file
 * into each where it says `// @include elements.js` (hooks/apbook/assets.py).
 * Building the few elements the scripts add to a page.
 */

/** A new element: h("button", {type: "button", onclick: f}, "Print"); null or false attributes and children are left out. */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value != null && value !== false) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((child) => child != null && child !== false));
  return element;
}

/** A button that runs `action` when clicked. */
function button(label, action, className) {
  return h("button", { type: "button", class: className, onclick: action }, label);
}
