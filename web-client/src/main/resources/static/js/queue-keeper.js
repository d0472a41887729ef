// Keeps the queue, the song in it and the position across page reloads, in localStorage: the queue
// when it or the song changes, the position (a few bytes, its own key) every few seconds while
// playing, and both when the page goes away.

import { storage } from './storage.js';

const QUEUE_KEY = 'dispotify.queue';
const POSITION_KEY = 'dispotify.position';
const POSITION_EVERY_MS = 2000;
const FALLBACK_WINDOW = 500;   // a queue too big for the quota is kept as the songs around the current

export class QueueKeeper {
  constructor(player) {
    this.player = player;
    this.savedAt = 0;
    this.pending = null;
    player.addEventListener('change', e => {
      if (e.detail === 'queue' || e.detail === 'song') this.saveSoon();
      else if (e.detail === 'time' && performance.now() - this.savedAt > POSITION_EVERY_MS) this.savePosition();
    });
    window.addEventListener('pagehide', () => this.save());
    document.addEventListener('visibilitychange', () => { if (document.hidden) this.save(); });
  }

  /** Puts the saved queue back into the player; false when there was none (or it was unreadable). */
  restore() {
    const queue = storage.json(QUEUE_KEY);
    if (!queue) return false;
    const saved = storage.json(POSITION_KEY);
    const current = queue.songs && queue.songs[queue.pos];
    const position = saved && current && saved.id === current.id && saved.pos === queue.pos ? saved.position : 0;
    return this.player.restore({ queue, position });
  }

  saveSoon() {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.save(), 100);
  }

  save() {
    clearTimeout(this.pending);
    this.pending = null;
    const queue = this.player.queue.toJSON();
    if (!storage.set(QUEUE_KEY, JSON.stringify(queue))) storage.set(QUEUE_KEY, JSON.stringify(around(queue)));
    this.savePosition();
  }

  savePosition() {
    this.savedAt = performance.now();
    const song = this.player.song;
    storage.set(POSITION_KEY, JSON.stringify({ id: song ? song.id : null, pos: this.player.queue.pos, position: this.player.position }));
  }
}

/** The saved form of a queue cut to the songs near the current one, in play order. */
function around(queue) {
  const start = Math.max(0, queue.pos - FALLBACK_WINDOW / 5);
  const songs = queue.songs.slice(start, start + FALLBACK_WINDOW);
  return { ...queue, songs, pos: Math.max(-1, queue.pos - start), unshuffled: null };
}
