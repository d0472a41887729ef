// The operating system's media controls (lock screen, notification area, media keys, headset
// buttons) through the Media Session API: what plays (title, artist, album, and the cover when the
// song has one), whether it plays, where it is, and handlers that drive the player.

import { songCoverUrl } from './cover.js';

const ARTWORK_SIZES = [96, 256, 512];
const SKIP_S = 10;
const POSITION_EVERY_MS = 1000;

export class MediaSessionBridge {
  constructor(player, api, session = navigator.mediaSession) {
    this.player = player;
    this.api = api;
    this.session = session;
    this.lastPositionAt = 0;
    if (!session) return; // an old browser, or not a secure context on some: the page works without
    this.handle('play', () => player.play());
    this.handle('pause', () => player.pause());
    this.handle('stop', () => player.stop());
    this.handle('nexttrack', () => player.next());
    this.handle('previoustrack', () => player.prev());
    this.handle('seekto', details => player.seek(details.seekTime));
    this.handle('seekbackward', details => player.seek(player.position - (details.seekOffset || SKIP_S)));
    this.handle('seekforward', details => player.seek(player.position + (details.seekOffset || SKIP_S)));
    player.addEventListener('change', e => this.changed(e.detail));
    this.showSong();
  }

  /** An action the browser does not know throws; the others still register. */
  handle(action, handler) {
    try {
      this.session.setActionHandler(action, handler);
    } catch (e) {
      /* not supported here */
    }
  }

  changed(what) {
    if (what === 'song') this.showSong();
    if (what === 'song' || what === 'state') this.showState();
    if (what === 'time') this.showPosition(false);
  }

  showSong() {
    const song = this.player.song;
    if (!song || typeof MediaMetadata === 'undefined') {
      this.session.metadata = null;
      return;
    }
    const artwork = ARTWORK_SIZES
      .map(size => ({ src: songCoverUrl(this.absoluteBase(), song, size), sizes: `${size}x${size}` }))
      .filter(a => a.src);
    this.session.metadata = new MediaMetadata({
      title: song.title || 'Untitled',
      artist: song.artist || '',
      album: song.album || '',
      artwork,
    });
  }

  showState() {
    const player = this.player;
    this.session.playbackState = !player.song ? 'none' : player.wantPlaying ? 'playing' : 'paused';
    this.showPosition(true);
  }

  /** Position state lets the OS draw a moving progress bar between our (throttled) updates. */
  showPosition(now) {
    if (!this.session.setPositionState) return;
    const t = performance.now();
    if (!now && t - this.lastPositionAt < POSITION_EVERY_MS) return;
    this.lastPositionAt = t;
    const duration = this.player.duration;
    try {
      if (!this.player.song || !(duration > 0)) {
        this.session.setPositionState();
        return;
      }
      this.session.setPositionState({
        duration,
        playbackRate: this.player.audio.playbackRate || 1,
        position: Math.min(duration, Math.max(0, this.player.position)),
      });
    } catch (e) {
      /* a position the browser finds inconsistent mid-switch: the next update fixes it */
    }
  }

  /** Artwork URLs must be absolute; the router the player talks to now serves them. */
  absoluteBase() {
    return new URL(this.api.base, location.href).href.replace(/\/$/, '');
  }
}
