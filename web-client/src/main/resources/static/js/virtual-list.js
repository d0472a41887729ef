// A list (or a grid of tiles) that puts in the DOM only the items in and near its scroller's viewport,
// so 100,000 songs cost a few dozen elements. Every item has the same height, read from a CSS variable
// on the host (it changes with the screen size), so positions are arithmetic, never measurement.
//
// Grid mode (minItemWidth > 0) lays items out in as many columns as fit; a row of the grid is one
// item-height tall. The host is sized to hold every row, so the scrollbar is honest.

const OVERSCAN_ROWS = 4;

export class VirtualList {
  /**
   * @param scroller the element that scrolls (overflow: auto)
   * @param host the element inside it that holds the items (position: relative)
   * @param render index => Element, for an item coming into view or refreshed
   * @param heightVar the CSS variable on host with the item height in px
   * @param minItemWidth 0 for a list; the narrowest tile for a grid
   * @param onRange (from, to) => void, the items in view changed (to load their data, say)
   */
  constructor({ scroller, host, render, heightVar = '--row-h', minItemWidth = 0, onRange = () => {} }) {
    this.scroller = scroller;
    this.host = host;
    this.render = render;
    this.heightVar = heightVar;
    this.minItemWidth = minItemWidth;
    this.onRange = onRange;
    this.count = 0;
    this.rendered = new Map();
    this.range = [0, 0];
    this.frame = 0;
    this.measure();
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => { this.measure(); this.schedule(); }).observe(scroller);
  }

  setCount(count) {
    if (count === this.count) return;
    this.count = count;
    this.host.style.height = `${this.rows() * this.itemHeight}px`;
    for (const [index, node] of this.rendered) {
      if (index >= count) {
        node.remove();
        this.rendered.delete(index);
      }
    }
    this.update();
  }

  /** Re-renders the items in view (their data changed). */
  refresh() {
    for (const node of this.rendered.values()) node.remove();
    this.rendered.clear();
    this.update();
  }

  scrollToIndex(index, { onlyIfHidden = false } = {}) {
    const top = this.hostTop() + Math.floor(index / this.columns) * this.itemHeight;
    const view = this.scroller;
    if (onlyIfHidden && top >= view.scrollTop && top + this.itemHeight <= view.scrollTop + view.clientHeight) return;
    view.scrollTop = Math.max(0, top - view.clientHeight / 3);
    this.update();
  }

  /** The items in the DOM now: [from, to). */
  get visibleRange() {
    return this.range;
  }

  /** Item height and columns from the CSS and the width; items drawn again only if they changed. */
  measure() {
    const height = parseFloat(getComputedStyle(this.host).getPropertyValue(this.heightVar));
    const itemHeight = height > 0 ? height : 48;
    const width = this.host.clientWidth || this.scroller.clientWidth;
    const columns = this.minItemWidth > 0 ? Math.max(1, Math.floor(width / this.minItemWidth)) : 1;
    if (itemHeight === this.itemHeight && columns === this.columns) return;
    this.itemHeight = itemHeight;
    this.columns = columns;
    this.host.style.height = `${this.rows() * this.itemHeight}px`;
    for (const node of this.rendered.values()) node.remove();
    this.rendered.clear();
  }

  rows() {
    return Math.ceil(this.count / this.columns);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  hostTop() {
    return this.host.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + this.scroller.scrollTop;
  }

  update() {
    const h = this.itemHeight;
    const top = this.scroller.scrollTop - this.hostTop();
    const firstRow = Math.max(0, Math.floor(top / h) - OVERSCAN_ROWS);
    const lastRow = Math.min(this.rows(), Math.ceil((top + this.scroller.clientHeight) / h) + OVERSCAN_ROWS);
    const from = Math.min(this.count, firstRow * this.columns);
    const to = Math.min(this.count, lastRow * this.columns);
    for (const [index, node] of this.rendered) {
      if (index < from || index >= to) {
        node.remove();
        this.rendered.delete(index);
      }
    }
    const width = this.columns > 1 ? 100 / this.columns : 100;
    for (let i = from; i < to; i++) {
      if (this.rendered.has(i)) continue;
      const node = this.render(i);
      node.style.transform = `translate(${(i % this.columns) * 100}%, ${Math.floor(i / this.columns) * h}px)`;
      node.style.width = `${width}%`;
      node.style.height = `${h}px`;
      this.host.append(node);
      this.rendered.set(i, node);
    }
    if (from !== this.range[0] || to !== this.range[1]) {
      this.range = [from, to];
      this.onRange(from, to);
    }
  }
}
