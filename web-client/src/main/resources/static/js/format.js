// Small shared helpers: time formatting, escaping, element creation.

export function formatTime(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatMs(ms) {
  return ms ? formatTime(ms / 1000) : '–';
}

/** Creates an element: el('td', {class: 'x'}, child, 'text'). Text is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const use = document.createElementNS(ns, 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

export function setRangeFill(input) {
  const max = Number(input.max) || 0;
  const pct = max > 0 ? (Number(input.value) / max) * 100 : 0;
  input.style.setProperty('--fill', `${pct}%`);
}

export function problemText(error) {
  const p = error.problem || {};
  const status = error.status ? `${error.status} ` : '';
  return `${status}${p.title ? p.title + ': ' : ''}${p.detail || error.message}`;
}
