// Playback on two <audio> decks. The current deck plays a data node's audio URL (or a router's relay
// of it); the standby deck is primed with the next track in the queue and started on time as the
// current one runs out (gapless.js), then the two swap. When the serving node fails (an error, or no
// progress for a second while we want to play), the player asks a router for providers again and
// resumes on another node at the same position.
//
// The element playing always carries the id "audio" (the standby one "audio-next"): the ids move
// with the hand-off, so anything that looks for #audio finds the sound you hear.

import { problemText } from './format.js';
import { Deck } from './deck.js';
import { HandoffTimer } from './gapless.js';
import { Queue } from './queue.js';
import { AudioOutput } from './audio-output.js';

const STALL_MS = 1000;           // no progress for this long while playing = stalled
const START_GRACE_MS = 2500;     // a freshly loaded source may take this long to start
const SEEK_GRACE_MS = 1500;
const RETRY_DELAY_MS = 1000;
const PROBE_EVERY_MS = 750;      // while playing, check that the serving data node still answers
const PROBE_TIMEOUT_MS = 1500;
const MAX_RETRIES = 30;
const PRIME_AHEAD_S = 30;        // load the next track this long before the current one ends
const ARM_AHEAD_S = 2;           // and set the hand-off timer this long before
const PRIME_RETRY_MS = 2000;     // after a failed priming, wait this long before the next try
const TAIL_S = 0.25;             // a deck handed over with more left than this was skipped, not finished
const KEPT_HANDOFFS = 50;

export class Player extends EventTarget {
  constructor([first, second], api, queue = new Queue()) {
    super();
    this.api = api;
    this.queue = queue;
    this.output = new AudioOutput([first, second]);
    this.deck = new Deck(first);
    this.standby = new Deck(second);
    this.handoffTimer = new HandoffTimer();
    /** The queue entry playing, paused or restored; null before the first. */
    this.entry = null;
    this.wantPlaying = false;
    this.switching = false;
    this.lastTime = 0;
    this.lastProgressAt = 0;
    this.graceUntil = 0;
    this.pendingSeek = null;
    this.retries = 0;
    this.retryTimer = null;
    this.statusText = '';
    this.lastProbeAt = 0;
    this.probing = false;
    this.primeRetryAt = 0;
    /** The deck just handed to, until its clock says when it really started. */
    this.measuring = null;
    /** Measured hand-offs: how far each next track started from the previous one's end (ms). */
    this.handoffs = [];
    for (const deck of [this.deck, this.standby]) this.wire(deck);
    queue.addEventListener('change', () => this.emit('queue'));
    setInterval(() => this.watch(), 250);
  }

  get audio() {
    return this.deck.audio;
  }

  get song() {
    return this.entry && this.entry.song;
  }

  /** Where the current deck's source comes from, once it holds the current entry. */
  get provider() {
    return this.deck.entry === this.entry ? this.deck.provider : null;
  }

  get playing() {
    return this.wantPlaying && !this.audio.paused;
  }

  /** Seconds into the current song, loaded or not (a restored queue knows where it was). */
  get position() {
    return this.provider && this.audio.readyState > 0 && this.pendingSeek === null ? this.audio.currentTime : this.lastTime;
  }

  get duration() {
    const d = this.audio.duration;
    if (this.provider && Number.isFinite(d)) return d;
    return this.song && this.song.durationMs ? this.song.durationMs / 1000 : 0;
  }

  // ---- queue ----

  setQueue(songs, index) {
    const entry = this.queue.replace(songs, index);
    return entry ? this.playEntry(entry) : Promise.resolve();
  }

  enqueue(song) {
    this.queue.append(song);
  }

  removeAt(position) {
    this.queue.removeAt(position);
  }

  clearQueue() {
    this.queue.clear();
  }

  playAt(position, seconds = 0) {
    const entry = this.queue.jump(position);
    return entry ? this.playEntry(entry, seconds) : Promise.resolve();
  }

  next() {
    return this.advance({ ended: false });
  }

  prev() {
    const position = this.queue.prevPos();
    if (this.position > 3 || position < 0) {
      this.seek(0);
      return Promise.resolve();
    }
    return this.playAt(position);
  }

  setShuffle(on) {
    this.queue.setShuffle(on);
  }

  cycleRepeat() {
    this.queue.cycleRepeat();
  }

  // ---- transport ----

  play() {
    this.output.unlock();
    if (!this.entry) {
      if (this.queue.length) return this.playAt(Math.max(0, this.queue.pos));
      this.emit('need-song');
      return Promise.resolve();
    }
    this.wantPlaying = true;
    this.expectProgress(START_GRACE_MS);
    if (!this.provider) return this.start(this.lastTime);
    this.emit('state');
    return this.audio.play().catch(e => this.playRefused(e));
  }

  pause() {
    this.wantPlaying = false;
    this.handoffTimer.cancel();
    this.audio.pause();
    this.output.rest();
    this.emit('state');
    return Promise.resolve();
  }

  toggle() {
    return this.wantPlaying && this.entry ? this.pause() : this.play();
  }

  stop() {
    this.wantPlaying = false;
    this.handoffTimer.cancel();
    this.audio.pause();
    this.output.rest();
    if (this.provider) this.audio.currentTime = 0;
    this.lastTime = 0;
    this.standby.clear();
    this.setStatus('');
    this.emit('state');
    this.emit('time');
  }

  seek(seconds) {
    if (!Number.isFinite(seconds)) return;
    const target = Math.max(0, this.duration > 0 ? Math.min(seconds, this.duration) : seconds);
    this.lastTime = target;
    this.expectProgress(SEEK_GRACE_MS);
    if (this.provider && this.audio.readyState > 0) this.audio.currentTime = target;
    else this.pendingSeek = target;
    this.emit('time');
  }

  setVolume(volume) {
    const v = Math.min(1, Math.max(0, volume));
    this.deck.audio.volume = v;
    this.standby.audio.volume = v;
  }

  setMuted(muted) {
    this.deck.audio.muted = muted;
    this.standby.audio.muted = muted;
    this.emit('volume');
  }

  get muted() {
    return this.audio.muted;
  }

  // ---- saved across reloads ----

  /** A saved queue back, on its song and position, paused (browsers refuse to play unasked anyway). */
  restore(saved) {
    if (!saved || !this.queue.restore(saved.queue)) return false;
    this.entry = this.queue.current;
    this.lastTime = Number.isFinite(saved.position) && saved.position > 0 ? saved.position : 0;
    this.pendingSeek = this.lastTime > 0 ? this.lastTime : null;
    this.emit('song');
    return true;
  }

  // ---- moving through the queue ----

  playEntry(entry, seconds = 0) {
    if (seconds === 0 && this.standby.entry === entry && this.standby.provider && !this.standby.audio.error) {
      this.handoff({ timed: false });
      return Promise.resolve();
    }
    this.output.unlock();
    this.handoffTimer.cancel();
    this.audio.pause();
    this.entry = entry;
    this.retries = 0;
    this.wantPlaying = true;
    this.lastTime = seconds;
    this.pendingSeek = null;
    this.emit('song');
    return this.start(seconds);
  }

  /**
   * To the next entry: by hand, or because the current one ended (repeat one then plays it again),
   * or because the hand-off timer says it is about to end (then only onto a primed deck; otherwise
   * the 'ended' event comes next and does it).
   */
  advance({ ended, timed = false }) {
    const position = this.queue.nextPos({ ended });
    const next = position >= 0 ? this.queue.entries[position] : null;
    const ready = next && this.standby.entry === next && this.standby.provider && !this.standby.audio.error;
    if (timed && !(ready && this.standby.primed)) return Promise.resolve();
    if (!next) {
      this.stop();
      return Promise.resolve();
    }
    if (ready) {
      this.handoff({ timed });
      return Promise.resolve();
    }
    this.queue.jump(position);
    return this.playEntry(next);
  }

  /**
   * The standby deck becomes the current one and plays; the other lets its source go. play() comes
   * first: everything else here (and the listeners of the events it sends) may take milliseconds.
   */
  handoff({ timed }) {
    const next = this.standby;
    const prev = this.deck;
    if (next.audio.currentTime !== 0) next.audio.currentTime = 0;
    next.audio.play().catch(e => this.playRefused(e));
    this.handoffTimer.cancel();
    if (!timed) this.handoffTimer.forget(); // started by hand or by 'ended': no aim to learn from
    this.deck = next;
    this.standby = prev;
    [next.audio.id, prev.audio.id] = [prev.audio.id, next.audio.id];
    this.entry = next.entry;
    this.wantPlaying = true;
    this.retries = 0;
    this.lastTime = 0;
    this.pendingSeek = null;
    this.expectProgress(START_GRACE_MS);
    this.measuring = timed ? next : null;
    if (this.queue.current !== next.entry) this.queue.jump(this.queue.entries.indexOf(next.entry));
    const tail = remaining(prev.audio);
    if (prev.audio.paused || tail > TAIL_S) prev.clear();
    else prev.retire(tail * 1000 + 250);
    this.setStatus('');
    this.emit('song');
    this.emit('provider');
    this.emit('state');
  }

  /** The standby deck holds the entry that follows, loaded from a provider once it is near. */
  keepStandby() {
    const standby = this.standby;
    if (standby.retiring) return;
    const position = this.queue.nextPos({ ended: true });
    const next = position >= 0 ? this.queue.entries[position] : null;
    if (standby.entry && standby.entry !== next) standby.clear();
    if (!next || remaining(this.audio) > PRIME_AHEAD_S) return;
    if (standby.entry === next && (standby.provider || standby.priming)) return;
    if (performance.now() < this.primeRetryAt) return;
    this.prime(next);
  }

  async prime(entry) {
    const deck = this.standby;
    const token = deck.hold(entry);
    deck.priming = true;
    try {
      const providers = await this.providers(entry.song);
      if (token !== deck.token || deck !== this.standby) return;
      const pick = choose(providers, deck);
      if (pick) deck.load(pick);
      else this.primeRetryAt = performance.now() + PRIME_RETRY_MS;
    } catch (e) {
      // The hand-off will load it the ordinary way, with retries, if it is still not primed by then.
      if (token === deck.token) this.primeRetryAt = performance.now() + PRIME_RETRY_MS;
    } finally {
      if (token === deck.token) deck.priming = false;
    }
  }

  // ---- sources and failover ----

  providers(song) {
    return this.api.json(`/api/songs/${encodeURIComponent(song.id)}/providers`, { timeoutMs: 1500 })
      .then(answer => answer.providers || []);
  }

  async start(position) {
    const deck = this.deck;
    const entry = this.entry;
    const switching = deck.entry === entry && deck.provider;
    const token = deck.hold(entry);
    clearTimeout(this.retryTimer);
    this.setStatus(switching ? `Switching away from ${deck.provider.nodeId}…` : 'Finding a data node…');
    let providers;
    try {
      providers = await this.providers(entry.song);
    } catch (e) {
      if (token === deck.token && deck === this.deck) this.retryLater(position, problemText(e));
      return;
    }
    if (token !== deck.token || deck !== this.deck) return;
    const pick = choose(providers, deck);
    if (!pick) {
      this.retryLater(position, 'No data node can serve this song right now');
      return;
    }
    this.load(pick, position);
  }

  load(provider, position) {
    this.deck.load(provider);
    this.pendingSeek = position > 0 ? position : null;
    this.lastTime = position;
    this.expectProgress(START_GRACE_MS);
    this.emit('provider');
    if (this.wantPlaying) {
      this.audio.play().catch(e => this.playRefused(e));
    }
  }

  async failover(reason) {
    if (this.switching || !this.song || !this.wantPlaying) return;
    this.switching = true;
    const provider = this.provider;
    const position = Math.max(this.lastTime, this.audio.currentTime || 0);
    if (provider) this.deck.failed.add(provider.url);
    console.info(`dispotify: ${reason} on ${provider && provider.nodeId}; resuming at ${position.toFixed(2)} s elsewhere`);
    try {
      await this.start(position);
    } finally {
      this.switching = false;
    }
  }

  retryLater(position, why) {
    if (++this.retries > MAX_RETRIES) {
      this.wantPlaying = false;
      this.setStatus(`${why}. Gave up; press play to try again.`);
      this.emit('state');
      return;
    }
    this.setStatus(`${why}. Retrying…`);
    this.expectProgress(RETRY_DELAY_MS + 500); // the retry below, not the stall detector, acts next
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.wantPlaying && this.song) this.start(position);
    }, RETRY_DELAY_MS);
  }

  playRefused(error) {
    if (error && error.name === 'NotAllowedError') {
      this.wantPlaying = false;
      this.setStatus('Press play to start.');
      this.emit('state');
    }
    // AbortError: the source changed under play(); the new source plays on its own.
  }

  expectProgress(graceMs) {
    const now = performance.now();
    this.lastProgressAt = now;
    this.graceUntil = now + graceMs;
  }

  /**
   * Every 250 ms: the stall detector (playing wanted, no progress for STALL_MS after any grace
   * period), a probe of the serving node now and then, so a node that died is left while the
   * buffered audio still plays, and the next track primed and its start timed.
   */
  watch() {
    if (!this.wantPlaying || !this.provider || this.switching || this.audio.ended) return;
    const now = performance.now();
    if (this.output.silenced) {
      // Not the node's fault: the browser suspended audio (another app took the device, say).
      this.output.unlock();
      this.expectProgress(START_GRACE_MS);
      return;
    }
    if (now - this.lastProbeAt > PROBE_EVERY_MS) this.probe();
    if (now >= this.graceUntil && now - this.lastProgressAt > STALL_MS) {
      this.failover('stalled');
      return;
    }
    this.prepareNext();
  }

  /** Primes the standby deck when the end nears, and times the hand-off once it is primed. */
  prepareNext() {
    if (!this.wantPlaying || !this.provider || this.audio.paused || this.switching) return;
    this.keepStandby();
    if (remaining(this.audio) <= ARM_AHEAD_S && this.standby.primed
        && this.standby.entry === this.queue.entries[this.queue.nextPos({ ended: true })]) {
      this.handoffTimer.arm(this.audio, () => this.advance({ ended: true, timed: true }));
    }
  }

  /**
   * HEAD on the audio URL. "no-cors" needs nothing from the data node (HEAD is a simple method):
   * the answer is opaque, but a refused or timed-out connection still rejects, and that is all
   * we need to know. A router relaying the audio answers for a dead data node itself (502/504);
   * its answer is readable when it is this page's origin, and then a 5xx means the same.
   */
  async probe() {
    if (this.probing) return;
    this.probing = true;
    this.lastProbeAt = performance.now();
    const provider = this.provider;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    try {
      const answer = await fetch(provider.url, { method: 'HEAD', mode: 'no-cors', cache: 'no-store', signal: controller.signal });
      if (answer.status >= 500 && provider === this.provider && this.wantPlaying) this.failover('unreachable');
    } catch (e) {
      if (provider === this.provider && this.wantPlaying) this.failover('unreachable');
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
  }

  /** Events count only from the deck they concern: the current one, or (errors) the standby. */
  wire(deck) {
    const a = deck.audio;
    const current = () => deck === this.deck;
    a.addEventListener('loadedmetadata', () => {
      if (!current()) return;
      if (this.pendingSeek !== null) {
        const target = Math.min(this.pendingSeek, Number.isFinite(a.duration) ? Math.max(0, a.duration - 0.25) : this.pendingSeek);
        this.pendingSeek = null;
        a.currentTime = target;
      }
      this.emit('time');
    });
    a.addEventListener('timeupdate', () => {
      if (!current()) return;
      if (this.measuring === deck && a.currentTime > 0 && !a.paused) {
        this.measuring = null;
        const gap = this.handoffTimer.learn(performance.now() - a.currentTime * 1000, { adjust: !this.output.routed });
        if (gap !== null) this.handoffs = [...this.handoffs, Math.round(gap * 10) / 10].slice(-KEPT_HANDOFFS);
      }
      if (a.currentTime > this.lastTime + 0.01) {
        this.lastTime = a.currentTime;
        this.lastProgressAt = performance.now();
        if (this.statusText) this.setStatus('');
        this.retries = 0;
      }
      this.emit('time');
    });
    a.addEventListener('seeked', () => {
      if (!current()) return;
      this.lastTime = a.currentTime;
      this.lastProgressAt = performance.now();
    });
    a.addEventListener('playing', () => {
      if (!current()) return;
      this.lastProgressAt = performance.now();
      this.emit('state');
      this.prepareNext();
    });
    // A standby deck that just became ready: time the hand-off now, not at the next tick.
    a.addEventListener('canplay', () => { if (!current()) this.prepareNext(); });
    a.addEventListener('pause', () => { if (current()) this.emit('state'); });
    a.addEventListener('durationchange', () => { if (current()) this.emit('time'); });
    a.addEventListener('error', () => {
      if (!a.getAttribute('src')) return;
      if (current()) {
        this.failover('error');
      } else if (deck.provider) {
        // The primed source failed: let it go; the next priming tries another provider.
        deck.failed.add(deck.provider.url);
        deck.provider = null;
        this.primeRetryAt = performance.now() + PRIME_RETRY_MS / 4;
      }
    });
    a.addEventListener('ended', () => {
      if (current() && this.wantPlaying) this.advance({ ended: true });
    });
  }

  setStatus(text) {
    this.statusText = text;
    this.emit('status');
  }

  emit(type) {
    this.dispatchEvent(new CustomEvent('change', { detail: type }));
  }
}

/** Seconds of audio left on an element, Infinity while unknown. */
function remaining(audio) {
  const d = audio.duration;
  return Number.isFinite(d) ? Math.max(0, d - audio.currentTime) / (audio.playbackRate || 1) : Infinity;
}

/** A provider this deck has not seen fail; once all have, any but the one it last used. */
function choose(providers, deck) {
  let pick = providers.find(p => !deck.failed.has(p.url));
  if (!pick && providers.length) {
    deck.failed.clear();
    pick = providers.find(p => !deck.provider || p.url !== deck.provider.url) || providers[0];
  }
  return pick || null;
}
