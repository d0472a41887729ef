// Which view the main area shows, from the address's fragment: #library, #upload, #cluster; a view
// may take an argument (#album/<id>, #artist/<id>). The fragment makes every view linkable and the
// Back button work. A view is {element, tab?, show(arg), hide()}; tab names the top-bar tab it lights.

export class Views {
  constructor(fallback) {
    this.fallback = fallback;
    this.views = new Map();
    this.current = null;
    this.arg = null;
    window.addEventListener('hashchange', () => this.follow());
  }

  add(name, view) {
    this.views.set(name, { tab: name, show() {}, hide() {}, ...view });
    return this;
  }

  /** Shows a view and records it in the history (Back returns to the one before). */
  go(name, arg = null) {
    const hash = fragment(name, arg);
    if (location.hash === hash) this.follow();
    else location.hash = hash;
  }

  /** Shows the view the address names (or the fallback), without a new history entry. */
  follow() {
    const [name, arg] = parse(location.hash);
    const known = this.views.has(name) ? name : this.fallback;
    const value = known === name ? arg : null;
    if (known !== name) history.replaceState(null, '', `${location.pathname}${location.search}${fragment(known, null)}`);
    this.show(known, value);
  }

  show(name, arg) {
    const view = this.views.get(name);
    const previous = this.current && this.views.get(this.current);
    if (previous && previous !== view) previous.hide();
    for (const [other, v] of this.views) v.element.classList.toggle('active', other === name);
    for (const tab of document.querySelectorAll('[data-tab]')) {
      const on = tab.dataset.tab === view.tab;
      tab.classList.toggle('active', on);
      tab.setAttribute('aria-selected', String(on));
    }
    this.current = name;
    this.arg = arg;
    view.show(arg);
  }
}

function fragment(name, arg) {
  return arg === null || arg === undefined ? `#${name}` : `#${name}/${encodeURIComponent(arg)}`;
}

function parse(hash) {
  const text = hash.replace(/^#/, '');
  const slash = text.indexOf('/');
  if (slash < 0) return [text, null];
  try {
    return [text.slice(0, slash), decodeURIComponent(text.slice(slash + 1))];
  } catch (e) {
    return [text.slice(0, slash), null];
  }
}
