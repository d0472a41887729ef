// The items of a long paged listing (GET ...?page=&size= → {items, total}), read block by block as
// they scroll into view: one request per block at a time, a bounded number of blocks kept (the least
// recently wanted go first), so a 100,000-song library costs what is on screen, not what is listed.

const KEPT_BLOCKS = 40;

export class PagedSource extends EventTarget {
  /** @param fetchPage (page, size) => Promise<{items, total}> */
  constructor(fetchPage, { blockSize = 200 } = {}) {
    super();
    this.blockSize = blockSize;
    this.reset(fetchPage);
  }

  /** A new listing (another query or order): everything read so far is dropped. */
  reset(fetchPage) {
    this.fetchPage = fetchPage;
    this.generation = (this.generation || 0) + 1;
    this.blocks = new Map();
    this.loading = new Set();
    this.total = null;
    this.signatures = new Map();
  }

  /** The item at index, or undefined while its block is not here (want() asks for it). */
  get(index) {
    const block = this.blocks.get(Math.floor(index / this.blockSize));
    return block ? block[index % this.blockSize] : undefined;
  }

  /** Loads the blocks that hold [from, to) and are not here yet; answers when they are. */
  want(from, to) {
    const wanted = this.blockRange(from, to);
    for (const b of wanted) this.touch(b);
    return Promise.all(wanted.filter(b => !this.blocks.has(b)).map(b => this.load(b)));
  }

  /**
   * Reads the blocks that hold [from, to) again (the list is polled while on screen); a block that
   * changed, or a changed total, is announced. Another total drops the other blocks: rows moved.
   */
  refresh(from, to) {
    const blocks = this.blockRange(from, Math.max(to, from + 1));
    return Promise.all(blocks.map(b => this.load(b, { again: true })));
  }

  /** Loaded items around index, in order, as far as they are contiguous: at most `before` + `after`. */
  around(index, before, after) {
    const items = [];
    let start = index;
    while (start > 0 && index - start < before && this.get(start - 1) !== undefined) start--;
    for (let i = start; i < index + after && this.get(i) !== undefined; i++) items.push(this.get(i));
    return { items, offset: index - start };
  }

  blockRange(from, to) {
    const first = Math.floor(Math.max(0, from) / this.blockSize);
    const last = Math.floor(Math.max(from, to - 1) / this.blockSize);
    const blocks = [];
    for (let b = first; b <= last; b++) blocks.push(b);
    return blocks;
  }

  async load(block, { again = false } = {}) {
    if (this.loading.has(block)) return;
    const generation = this.generation;
    this.loading.add(block);
    try {
      const page = await this.fetchPage(block, this.blockSize);
      if (generation !== this.generation) return;
      const items = page.items || [];
      const totalChanged = this.total !== null && page.total !== this.total;
      const signature = JSON.stringify(items);
      const itemsChanged = this.signatures.get(block) !== signature;
      if (totalChanged) {
        this.blocks.clear();
        this.signatures.clear();
      }
      this.total = page.total;
      this.blocks.set(block, items);
      this.signatures.set(block, signature);
      this.touch(block);
      this.evict();
      if (!again || totalChanged || itemsChanged) {
        this.dispatchEvent(new CustomEvent('change', { detail: { block, totalChanged } }));
      }
    } catch (error) {
      if (generation === this.generation) this.dispatchEvent(new CustomEvent('error', { detail: error }));
    } finally {
      if (generation === this.generation) this.loading.delete(block);
    }
  }

  /** Moves a block to the back of the eviction order. */
  touch(block) {
    const items = this.blocks.get(block);
    if (items === undefined) return;
    this.blocks.delete(block);
    this.blocks.set(block, items);
  }

  evict() {
    while (this.blocks.size > KEPT_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      this.blocks.delete(oldest);
      this.signatures.delete(oldest);
    }
  }
}
