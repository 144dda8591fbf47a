// three.js's 3MF loader calls querySelector/querySelectorAll, which @xmldom/xmldom lacks.
// It only uses tag names joined by spaces ("vertices vertex"), so that is all this supports;
// anything else throws rather than silently matching the wrong nodes.

function matches(element, names, root) {
  if (element.localName !== names[names.length - 1]) return false;
  let want = names.length - 2;
  for (let node = element.parentNode; want >= 0 && node && node !== root; node = node.parentNode) {
    if (node.localName === names[want]) want--;
  }
  return want < 0;
}

function querySelectorAll(selector) {
  const names = selector.trim().split(/\s+/);
  if (names.some((n) => !/^[A-Za-z_][\w.-]*$/.test(n))) throw new Error(`unsupported selector: ${selector}`);
  return Array.from(this.getElementsByTagName("*")).filter((e) => matches(e, names, this));
}

function querySelector(selector) {
  return querySelectorAll.call(this, selector)[0] ?? null;
}

/** Adds the two methods to xmldom's Document and Element (inside the worker only). */
export function installQuerySelector(DOMParser) {
  const doc = new DOMParser().parseFromString("<a><b/></a>", "application/xml");
  for (const proto of [Object.getPrototypeOf(doc), Object.getPrototypeOf(doc.documentElement)]) {
    proto.querySelectorAll = querySelectorAll;
    proto.querySelector = querySelector;
  }
}
