// When to start the next track: at the moment the current one's audio runs out, read off its own media
// clock (duration minus currentTime), less the time a primed element takes to make its first sound.
//
// A timer sleeps until shortly before that moment; the last few milliseconds are polled through a
// MessageChannel (not clamped like nested timers), so a timer that fires a little late does not turn
// into a gap. Routed through Web Audio (audio-output.js) a primed element sounds within a few ms, so
// the lead is 0; playing to its own output it may take tens of ms, so there the lead is learned: after
// each hand-off the next track's own clock tells when it really started, and the difference corrects
// the next one. Pages that play audio are not throttled in the background, so this keeps working in a
// hidden tab; the 'ended' event remains the fallback.

const POLL_LAST_MS = 60;          // a loaded machine wakes timers late: poll this last stretch
const MAX_LEAD_MS = 80;

export class HandoffTimer {
  constructor() {
    this.leadMs = 0;
    this.timer = null;
    this.channel = new MessageChannel();
    this.channel.port1.onmessage = () => this.tick();
    this.audio = null;
    this.fire = null;
    this.aimedAt = 0;
  }

  /** Calls fire() once, when audio's remaining time (less the lead) reaches zero; re-arming replaces. */
  arm(audio, fire) {
    if (this.audio === audio && this.fire) return;
    this.cancel();
    this.audio = audio;
    this.fire = fire;
    this.tick();
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.audio = null;
    this.fire = null;
  }

  tick() {
    this.timer = null;
    const audio = this.audio;
    if (!audio || !this.fire) return;
    if (!audio.ended && (audio.paused || audio.seeking || !Number.isFinite(audio.duration))) {
      this.cancel(); // the player arms again once it plays on
      return;
    }
    const remainingMs = audio.ended ? 0 : (audio.duration - audio.currentTime) * 1000 / (audio.playbackRate || 1);
    const untilStart = remainingMs - this.leadMs;
    if (untilStart <= 0.5) {
      const fire = this.fire;
      this.aimedAt = performance.now() + remainingMs;
      this.cancel();
      fire();
    } else if (untilStart > POLL_LAST_MS) {
      this.timer = setTimeout(() => this.tick(), untilStart - POLL_LAST_MS);
    } else {
      this.channel.port2.postMessage(null);
    }
  }

  forget() {
    this.aimedAt = 0;
  }

  /**
   * The next track's clock says it started at startedAt (performance.now() time of its position 0);
   * the current one was due to end at aimedAt. Half of the difference corrects the lead, unless
   * adjust is false: routed through Web Audio (audio-output.js) a start takes a few ms, less than
   * this one-sample estimate's own noise, so there the lead stays 0 and the gap is only recorded.
   */
  learn(startedAt, { adjust = true } = {}) {
    if (!this.aimedAt) return null;
    const gapMs = startedAt - this.aimedAt;
    this.aimedAt = 0;
    this.leadMs = adjust ? Math.min(MAX_LEAD_MS, Math.max(0, this.leadMs + gapMs / 2)) : 0;
    return gapMs;
  }
}
