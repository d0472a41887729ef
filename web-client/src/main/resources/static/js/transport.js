// The player bar: what plays (cover, title, the node it streams from), the buttons, the seek and
// volume sliders, shuffle and repeat. It reads the player's events and calls its methods, no more.

import { icon, formatTime, setRangeFill } from './format.js';
import { setCover, songCoverUrl } from './cover.js';
import { storage } from './storage.js';

const VOLUME_KEY = 'dispotify.volume';
const REPEAT_TITLES = { off: 'Repeat: off', all: 'Repeat: all', one: 'Repeat: this song' };

export class Transport {
  constructor(player, api, downloader, ui) {
    this.player = player;
    this.api = api;
    this.ui = ui;
    this.dragging = false;
    ui.playPause.addEventListener('click', () => player.toggle());
    ui.stop.addEventListener('click', () => player.stop());
    ui.next.addEventListener('click', () => player.next());
    ui.prev.addEventListener('click', () => player.prev());
    ui.shuffle.addEventListener('click', () => player.setShuffle(!player.queue.shuffle));
    ui.repeat.addEventListener('click', () => player.cycleRepeat());
    ui.download.addEventListener('click', () => { if (player.song) downloader.download(player.song); });
    ui.seek.addEventListener('input', () => {
      this.dragging = true;
      ui.current.textContent = formatTime(Number(ui.seek.value));
      setRangeFill(ui.seek);
    });
    ui.seek.addEventListener('change', () => {
      this.dragging = false;
      player.seek(Number(ui.seek.value));
    });
    const saved = Number(storage.get(VOLUME_KEY));
    ui.volume.value = String(storage.get(VOLUME_KEY) !== null && Number.isFinite(saved) ? saved : 0.8);
    ui.volume.addEventListener('input', () => this.setVolume(Number(ui.volume.value)));
    ui.mute.addEventListener('click', () => player.setMuted(!player.muted));
    this.setVolume(Number(ui.volume.value));
    player.addEventListener('change', e => this.changed(e.detail));
    this.showSong();
    this.showState();
    this.showModes();
  }

  get volume() {
    return Number(this.ui.volume.value);
  }

  setVolume(volume) {
    const v = Math.min(1, Math.max(0, Math.round(volume * 100) / 100));
    this.ui.volume.value = String(v);
    this.player.setVolume(v);
    if (this.player.muted && v > 0) this.player.setMuted(false);
    setRangeFill(this.ui.volume);
    storage.set(VOLUME_KEY, String(v));
  }

  changed(what) {
    switch (what) {
      case 'time': return this.showTime();
      case 'state': return this.showState();
      case 'status': return (this.ui.status.textContent = this.player.statusText);
      case 'song': this.showSong(); return this.showState();
      case 'provider': return this.showProvider();
      case 'queue': return this.showModes();
      case 'volume': return this.ui.mute.classList.toggle('on', this.player.muted);
      default:
    }
  }

  showTime() {
    const duration = this.player.duration;
    const { seek, current, total } = this.ui;
    seek.max = String(duration || 0);
    if (!this.dragging) {
      const position = this.player.position;
      seek.value = String(position);
      current.textContent = formatTime(position);
    }
    total.textContent = formatTime(duration);
    setRangeFill(seek);
  }

  showState() {
    const player = this.player;
    const playing = player.wantPlaying && !!player.song;
    this.ui.playPause.replaceChildren(icon(playing ? 'pause' : 'play'));
    this.ui.playPause.title = playing ? 'Pause (Space)' : 'Play (Space)';
    this.ui.playPause.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    document.title = player.song && playing ? `▶ ${player.song.title} · Dispotify` : 'Dispotify';
  }

  showSong() {
    const song = this.player.song;
    this.ui.title.textContent = song ? song.title || 'Untitled' : 'Nothing playing';
    this.ui.artist.textContent = song ? [song.artist, song.album].filter(Boolean).join(' · ') : '\u00a0';
    setCover(this.ui.cover, { url: songCoverUrl(this.api.base, song, 112), name: song ? song.album || song.title : '' });
    this.ui.download.disabled = !song;
    this.showProvider();
    this.showTime();
  }

  showProvider() {
    const provider = this.player.provider;
    this.ui.node.textContent = provider ? `Streaming from ${provider.nodeId} · ${streamedVia(provider.url)}` : '—';
    this.ui.node.dataset.node = provider ? provider.nodeId : '';
    this.ui.nodeLine.classList.toggle('streaming', !!provider);
  }

  showModes() {
    const queue = this.player.queue;
    this.ui.shuffle.classList.toggle('on', queue.shuffle);
    this.ui.shuffle.setAttribute('aria-pressed', String(queue.shuffle));
    this.ui.shuffle.title = queue.shuffle ? 'Shuffle: on (S)' : 'Shuffle: off (S)';
    this.ui.repeat.classList.toggle('on', queue.repeat !== 'off');
    this.ui.repeat.dataset.mode = queue.repeat;
    this.ui.repeat.title = `${REPEAT_TITLES[queue.repeat]} (R)`;
    this.ui.repeat.replaceChildren(icon(queue.repeat === 'one' ? 'repeat-one' : 'repeat'));
  }
}

/** The data node's address, or "via <router>" when a router relays the audio (its /api path). */
function streamedVia(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname.startsWith('/api/') ? `via ${parsed.host}` : parsed.host;
}
