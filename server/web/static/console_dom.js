// Tanggap console — building the page safely. Everything the API says (a
// citizen's words, an officer's note, a name) goes into the page as text nodes
// or attribute values, never as HTML: these functions are the only way the
// console makes elements, and none of them parses markup.
(function (C) {
  'use strict';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  function build(node, attrs, children) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // C.el('li', { class: 'x' }, 'text', otherNode, [more, nodes])
  C.el = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  C.svg = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

  C.clear = (node) => {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };
  C.byId = (id) => document.getElementById(id);

  // An alert paragraph: shown with the text, or hidden when the text is empty.
  C.say = (node, text) => {
    node.textContent = text || '';
    node.hidden = !text;
  };

  // A term/description pair for a <dl>, skipped when there is nothing to say.
  C.fact = (dl, term, value) => {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(C.el('dt', null, term));
    dl.appendChild(C.el('dd', null, value));
  };

  // The message for one field of a form, next to it (and the field marked), as
  // the citizen's form does; `field` null clears them all.
  C.fieldError = (form, field, text) => {
    for (const old of form.querySelectorAll('p.error[data-field]')) old.remove();
    for (const marked of form.querySelectorAll('.field.invalid')) marked.classList.remove('invalid');
    if (!text) return false;
    const input = field && form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!input) return false;
    const box = input.closest('.field');
    box.classList.add('invalid');
    box.appendChild(C.el('p', { class: 'error', 'data-field': field, role: 'alert' }, text));
    return true;
  };
})(window.TanggapConsole = window.TanggapConsole || {});
