// The play queue: entries in play order, where we are, shuffle and repeat. State only, no DOM and no
// audio, so the player, the queue panel and the copy kept across reloads all read the same thing.
//
// Each entry wraps one song ({key, song}): a song queued twice is two entries, and the player follows
// the entry it plays, not a position that edits would shift.

export const REPEAT_MODES = ['off', 'all', 'one'];
const SAVED_VERSION = 1;

export class Queue extends EventTarget {
  constructor() {
    super();
    this.entries = [];
    this.pos = -1;
    /** The entries in the order they were queued while shuffle is on; null when it is off. */
    this.unshuffled = null;
    this.repeat = 'off';
    this.nextKey = 1;
  }

  get length() {
    return this.entries.length;
  }

  get current() {
    return this.entries[this.pos] || null;
  }

  get shuffle() {
    return this.unshuffled !== null;
  }

  /** Replaces the queue with these songs, positioned on songs[start] (first, when shuffling). */
  replace(songs, start = 0) {
    this.entries = songs.map(song => this.entry(song));
    this.pos = this.entries.length ? clamp(start, 0, this.entries.length - 1) : -1;
    if (this.shuffle) {
      this.unshuffled = this.entries.slice();
      this.shuffleAroundCurrent();
    }
    this.changed();
    return this.current;
  }

  append(song) {
    const entry = this.entry(song);
    this.entries.push(entry);
    if (this.unshuffled) this.unshuffled.push(entry);
    this.changed();
    return entry;
  }

  /** Removes the entry at a play-order position; the current entry stays (the player is on it). */
  removeAt(position) {
    if (position < 0 || position >= this.entries.length || position === this.pos) return;
    const [entry] = this.entries.splice(position, 1);
    if (this.unshuffled) this.unshuffled.splice(this.unshuffled.indexOf(entry), 1);
    if (position < this.pos) this.pos--;
    this.changed();
  }

  /** Everything but the current entry. */
  clear() {
    const current = this.current;
    this.entries = current ? [current] : [];
    this.unshuffled = this.unshuffled && (current ? [current] : []);
    this.pos = current ? 0 : -1;
    this.changed();
  }

  jump(position) {
    if (position < 0 || position >= this.entries.length) return null;
    if (position !== this.pos) {
      this.pos = position;
      this.changed();
    }
    return this.current;
  }

  /**
   * The position that follows the current one, or -1. A track that ends on its own repeats under
   * "one"; asking for the next one explicitly (a button, a key) moves on even then.
   */
  nextPos({ ended = false } = {}) {
    if (!this.entries.length) return -1;
    if (ended && this.repeat === 'one' && this.pos >= 0) return this.pos;
    if (this.pos + 1 < this.entries.length) return this.pos + 1;
    return this.repeat === 'off' ? -1 : 0;
  }

  prevPos() {
    if (this.pos > 0) return this.pos - 1;
    return this.repeat !== 'off' && this.entries.length ? this.entries.length - 1 : -1;
  }

  /**
   * Shuffle on: the current entry first, the rest in random order. Off: the order they were queued
   * in, still on the current entry.
   */
  setShuffle(on) {
    if (on === this.shuffle) return;
    const current = this.current;
    if (on) {
      this.unshuffled = this.entries.slice();
      this.shuffleAroundCurrent();
    } else {
      this.entries = this.unshuffled;
      this.unshuffled = null;
      this.pos = current ? this.entries.indexOf(current) : -1;
    }
    this.changed();
  }

  setRepeat(mode) {
    if (!REPEAT_MODES.includes(mode) || mode === this.repeat) return;
    this.repeat = mode;
    this.changed();
  }

  cycleRepeat() {
    this.setRepeat(REPEAT_MODES[(REPEAT_MODES.indexOf(this.repeat) + 1) % REPEAT_MODES.length]);
  }

  /** What a reload needs to rebuild this queue: plain JSON. */
  toJSON() {
    return {
      v: SAVED_VERSION,
      songs: this.entries.map(e => e.song),
      pos: this.pos,
      unshuffled: this.unshuffled ? this.unshuffled.map(e => this.entries.indexOf(e)) : null,
      repeat: this.repeat,
    };
  }

  /** Restores a saved queue; anything malformed leaves this queue as it was and answers false. */
  restore(saved) {
    if (!saved || saved.v !== SAVED_VERSION || !Array.isArray(saved.songs)) return false;
    const songs = saved.songs.filter(s => s && typeof s.id === 'string');
    if (songs.length !== saved.songs.length) return false;
    const entries = songs.map(song => this.entry(song));
    let unshuffled = null;
    if (Array.isArray(saved.unshuffled)) {
      const order = saved.unshuffled;
      const valid = order.length === entries.length && new Set(order).size === order.length
        && order.every(i => Number.isInteger(i) && i >= 0 && i < entries.length);
      if (!valid) return false;
      unshuffled = order.map(i => entries[i]);
    }
    this.entries = entries;
    this.unshuffled = unshuffled;
    this.pos = Number.isInteger(saved.pos) && saved.pos >= 0 && saved.pos < entries.length ? saved.pos : (entries.length ? 0 : -1);
    this.repeat = REPEAT_MODES.includes(saved.repeat) ? saved.repeat : 'off';
    this.changed();
    return true;
  }

  entry(song) {
    return { key: this.nextKey++, song };
  }

  shuffleAroundCurrent() {
    const current = this.current;
    const rest = this.entries.filter(e => e !== current);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    this.entries = current ? [current, ...rest] : rest;
    this.pos = current ? 0 : -1;
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }
}

function clamp(value, min, max) {
  return Math.min(max, Math.max(min, Number.isInteger(value) ? value : min));
}
