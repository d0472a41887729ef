// One Web Audio output for both decks. A media element that plays to its own output opens it when
// play() is called, a round trip to the browser's audio service that takes from a few to 90 ms on a
// loaded machine; routed into one AudioContext that keeps running, the next deck is heard from the
// next render quantum on (a few ms, measured). That is what lets a hand-off land on the previous
// track's end.
//
// A context may only start after a user gesture, so until one has started it the elements play to
// their own outputs, as they would without this. Routing needs the audio to be readable (CORS): the
// elements carry crossorigin="anonymous", and data nodes and the relay let any origin GET audio;
// without that the browser would route silence.

const REST_AFTER_MS = 30000;

export class AudioOutput {
  constructor(elements) {
    this.elements = elements;
    this.context = null;
    this.routed = false;
    this.restTimer = null;
  }

  /** True while routed elements cannot be heard (the browser suspended the context). */
  get silenced() {
    return this.routed && this.context.state !== 'running';
  }

  /** Starts the context if the page may (call it from user gestures; elsewhere it just tries). */
  unlock() {
    clearTimeout(this.restTimer);
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!this.context) {
      try {
        this.context = new Context();
      } catch (e) {
        return; // no audio device, say: the elements keep their own outputs
      }
      this.context.addEventListener('statechange', () => this.route());
    }
    if (this.context.state !== 'running') this.context.resume().then(() => this.route(), () => {});
    this.route();
  }

  /** Nothing plays: after a while let the audio device go (a running context keeps it busy). */
  rest() {
    clearTimeout(this.restTimer);
    if (!this.context) return;
    this.restTimer = setTimeout(() => this.context.suspend().catch(() => {}), REST_AFTER_MS);
  }

  route() {
    if (this.routed || !this.context || this.context.state !== 'running') return;
    for (const element of this.elements) {
      this.context.createMediaElementSource(element).connect(this.context.destination);
    }
    this.routed = true;
  }
}
