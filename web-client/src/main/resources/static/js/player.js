// Playback: the <audio> element plays a data node's audio URL (or a router's relay of it). When that node
// fails (an error, or no progress for a second while we want to play), the player asks a router
// for providers again and resumes on another node at the same position.

import { problemText } from './format.js';

const STALL_MS = 1000;           // no progress for this long while playing = stalled
const START_GRACE_MS = 2500;     // a freshly loaded source may take this long to start
const SEEK_GRACE_MS = 1500;
const RETRY_DELAY_MS = 1000;
const PROBE_EVERY_MS = 750;      // while playing, check that the serving data node still answers
const PROBE_TIMEOUT_MS = 1500;
const MAX_RETRIES = 30;

export class Player extends EventTarget {
  constructor(audio, api) {
    super();
    this.audio = audio;
    this.api = api;
    this.queue = [];
    this.index = -1;
    this.song = null;
    this.provider = null;
    this.failed = new Set();
    this.wantPlaying = false;
    this.switching = false;
    this.loadToken = 0;
    this.lastTime = 0;
    this.lastProgressAt = 0;
    this.graceUntil = 0;
    this.pendingSeek = null;
    this.retries = 0;
    this.retryTimer = null;
    this.statusText = '';
    this.lastProbeAt = 0;
    this.probing = false;
    this.wire();
    setInterval(() => this.watch(), 250);
  }

  // ---- queue ----

  setQueue(songs, index) {
    this.queue = songs.slice();
    this.emit('queue');
    return this.playAt(index);
  }

  enqueue(song) {
    this.queue.push(song);
    this.emit('queue');
  }

  removeAt(i) {
    if (i < 0 || i >= this.queue.length) return;
    this.queue.splice(i, 1);
    if (i < this.index) this.index--;
    else if (i === this.index) this.index = Math.min(this.index, this.queue.length) - 1;
    this.emit('queue');
  }

  clearQueue() {
    this.queue = this.song ? [this.song] : [];
    this.index = this.song ? 0 : -1;
    this.emit('queue');
  }

  playAt(i, position = 0) {
    if (i < 0 || i >= this.queue.length) return Promise.resolve();
    this.index = i;
    this.song = this.queue[i];
    this.provider = null;
    this.failed.clear();
    this.retries = 0;
    this.wantPlaying = true;
    this.lastTime = position;
    this.emit('queue');
    this.emit('song');
    return this.start(position);
  }

  next() {
    if (this.index + 1 < this.queue.length) return this.playAt(this.index + 1);
    this.stop();
    return Promise.resolve();
  }

  prev() {
    if (this.audio.currentTime > 3 || this.index <= 0) {
      this.seek(0);
      return Promise.resolve();
    }
    return this.playAt(this.index - 1);
  }

  // ---- transport ----

  toggle() {
    if (!this.song) {
      if (this.queue.length) return this.playAt(Math.max(0, this.index));
      this.emit('need-song');
      return Promise.resolve();
    }
    if (this.wantPlaying && !this.audio.paused) {
      this.wantPlaying = false;
      this.audio.pause();
      this.emit('state');
      return Promise.resolve();
    }
    this.wantPlaying = true;
    this.expectProgress(START_GRACE_MS);
    if (!this.provider) return this.start(this.lastTime);
    this.emit('state');
    return this.audio.play().catch(e => this.playRefused(e));
  }

  stop() {
    this.wantPlaying = false;
    this.audio.pause();
    if (this.provider) this.audio.currentTime = 0;
    this.lastTime = 0;
    this.setStatus('');
    this.emit('state');
    this.emit('time');
  }

  seek(seconds) {
    if (!Number.isFinite(seconds)) return;
    this.lastTime = seconds;
    this.expectProgress(SEEK_GRACE_MS);
    if (this.audio.readyState > 0) this.audio.currentTime = seconds;
    else this.pendingSeek = seconds;
    this.emit('time');
  }

  setVolume(volume) {
    this.audio.volume = Math.min(1, Math.max(0, volume));
  }

  get playing() {
    return this.wantPlaying && !this.audio.paused;
  }

  // ---- sources and failover ----

  async start(position) {
    const song = this.song;
    const token = ++this.loadToken;
    clearTimeout(this.retryTimer);
    this.setStatus(this.provider ? `Switching away from ${this.provider.nodeId}…` : 'Finding a data node…');
    let providers;
    try {
      const answer = await this.api.json(`/api/songs/${encodeURIComponent(song.id)}/providers`, { timeoutMs: 1500 });
      providers = answer.providers || [];
    } catch (e) {
      if (token === this.loadToken) this.retryLater(position, problemText(e));
      return;
    }
    if (token !== this.loadToken || song !== this.song) return;
    let pick = providers.find(p => !this.failed.has(p.url));
    if (!pick && providers.length) {
      // Every provider failed once: they may be back; try the others before the last one.
      this.failed.clear();
      pick = providers.find(p => !this.provider || p.url !== this.provider.url) || providers[0];
    }
    if (!pick) {
      this.retryLater(position, 'No data node can serve this song right now');
      return;
    }
    this.load(pick, position);
  }

  load(provider, position) {
    this.provider = provider;
    this.pendingSeek = position > 0 ? position : null;
    this.lastTime = position;
    this.expectProgress(START_GRACE_MS);
    this.audio.src = provider.url;
    this.emit('provider');
    if (this.wantPlaying) {
      this.audio.play().catch(e => this.playRefused(e));
    }
  }

  async failover(reason) {
    if (this.switching || !this.song || !this.wantPlaying) return;
    this.switching = true;
    const position = Math.max(this.lastTime, this.audio.currentTime || 0);
    if (this.provider) this.failed.add(this.provider.url);
    console.info(`dispotify: ${reason} on ${this.provider && this.provider.nodeId}; resuming at ${position.toFixed(2)} s elsewhere`);
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
   * The stall detector: playing wanted, no progress for STALL_MS after any grace period. It also
   * probes the serving node now and then, so a node that died is left while the buffered audio
   * still plays, instead of after it ran out.
   */
  watch() {
    if (!this.wantPlaying || !this.provider || this.switching || this.audio.ended) return;
    const now = performance.now();
    if (now - this.lastProbeAt > PROBE_EVERY_MS) this.probe();
    if (now < this.graceUntil) return;
    if (now - this.lastProgressAt > STALL_MS) {
      this.failover('stalled');
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

  wire() {
    const a = this.audio;
    a.addEventListener('loadedmetadata', () => {
      if (this.pendingSeek !== null) {
        const target = Math.min(this.pendingSeek, Number.isFinite(a.duration) ? Math.max(0, a.duration - 0.25) : this.pendingSeek);
        this.pendingSeek = null;
        a.currentTime = target;
      }
      this.emit('time');
    });
    a.addEventListener('timeupdate', () => {
      if (a.currentTime > this.lastTime + 0.01) {
        this.lastTime = a.currentTime;
        this.lastProgressAt = performance.now();
        if (this.statusText) this.setStatus('');
        this.retries = 0;
      }
      this.emit('time');
    });
    a.addEventListener('seeked', () => {
      this.lastTime = a.currentTime;
      this.lastProgressAt = performance.now();
    });
    a.addEventListener('playing', () => {
      this.lastProgressAt = performance.now();
      this.emit('state');
    });
    a.addEventListener('pause', () => this.emit('state'));
    a.addEventListener('durationchange', () => this.emit('time'));
    a.addEventListener('error', () => {
      if (a.getAttribute('src')) this.failover('error');
    });
    a.addEventListener('ended', () => {
      if (this.wantPlaying) this.next();
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
