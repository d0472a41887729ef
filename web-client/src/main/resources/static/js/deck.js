// One <audio> element and what it holds: a queue entry, the provider its source comes from, and the
// providers that failed it. The player has two: one plays, the other is primed with the next track.

export class Deck {
  constructor(audio) {
    this.audio = audio;
    this.entry = null;
    this.provider = null;
    this.failed = new Set();
    /** Asking for providers to prime it: not yet loaded, but no second request either. */
    this.priming = false;
    /** Bumped on every change of what the deck holds, so late answers for the old content are dropped. */
    this.token = 0;
    this.retireTimer = null;
  }

  /** Enough of the next track is buffered to start it now without waiting for the network. */
  get primed() {
    return !!this.provider && this.audio.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !this.audio.error;
  }

  hold(entry) {
    this.cancelRetire();
    if (this.entry !== entry) {
      this.failed.clear();
      this.provider = null;
    }
    this.entry = entry;
    return ++this.token;
  }

  load(provider) {
    this.provider = provider;
    this.audio.src = provider.url;
  }

  /** Lets go of the source, and with it the connection to the data node. */
  clear() {
    this.cancelRetire();
    this.token++;
    this.entry = null;
    this.provider = null;
    this.priming = false;
    this.failed.clear();
    this.audio.pause();
    if (this.audio.getAttribute('src')) {
      this.audio.removeAttribute('src');
      this.audio.load();
    }
  }

  /** A deck just handed over may still be playing its last milliseconds: clear it once they are out. */
  retire(afterMs) {
    this.cancelRetire();
    this.retireTimer = setTimeout(() => this.clear(), afterMs);
  }

  get retiring() {
    return this.retireTimer !== null;
  }

  cancelRetire() {
    clearTimeout(this.retireTimer);
    this.retireTimer = null;
  }
}
