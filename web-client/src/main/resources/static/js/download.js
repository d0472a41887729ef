// Download: a song's original file, byte for byte, saved as "Artist - Title.ext". The router names the
// providers, as for playing (its relay, when it relays audio); a provider that fails or stalls is
// followed by the next. Where the browser offers SubtleCrypto (https, or localhost) the bytes are
// checked against the song id, their SHA-256, before they are saved: what lands on disk is the upload.

import { ApiError } from './api.js';
import { el, problemText } from './format.js';

const IDLE_TIMEOUT_MS = 15000;   // no byte for this long: the provider stalled
const START_TIMEOUT_MS = 5000;   // no answer for this long: try the next one
const EXTENSIONS = { mpeg: 'mp3', mp3: 'mp3', flac: 'flac', ogg: 'ogg', vorbis: 'ogg', wav: 'wav', wave: 'wav', 'x-wav': 'wav' };

export class Downloader extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.active = new Set();
  }

  /** Answers true once saved; problems are reported as 'status' events, never thrown. */
  async download(song) {
    if (this.active.has(song.id)) return false;
    this.active.add(song.id);
    const name = fileName(song);
    try {
      this.report(song, `Downloading ${name}…`);
      const answer = await this.api.json(`/api/songs/${encodeURIComponent(song.id)}/providers`, { timeoutMs: 3000 });
      const providers = answer.providers || [];
      if (!providers.length) throw new ApiError(503, { detail: 'No data node can serve this song right now.' });
      let lastError = null;
      for (const provider of providers) {
        try {
          const blob = await this.fetchBytes(provider.url, song, fraction =>
            this.report(song, `Downloading ${name}… ${Math.floor(fraction * 100)}%`));
          const verified = await matchesId(blob, song.id);
          if (verified === false) throw new Error(`the bytes from ${provider.nodeId} are not the song's (SHA-256 differs)`);
          save(blob, name);
          this.report(song, `Saved ${name}${verified ? ' (SHA-256 checked)' : ''}`, 'done');
          return true;
        } catch (e) {
          lastError = e;
        }
      }
      throw lastError;
    } catch (e) {
      this.report(song, `Download of ${name} failed: ${problemText(e)}`, 'error');
      return false;
    } finally {
      this.active.delete(song.id);
    }
  }

  async fetchBytes(url, song, onProgress) {
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(), START_TIMEOUT_MS);
    try {
      const response = await fetch(url, { signal: controller.signal, cache: 'no-store' });
      if (!response.ok) throw new Error(`${new URL(url, location.href).host} answered ${response.status}`);
      const total = Number(response.headers.get('Content-Length')) || song.sizeBytes || 0;
      const reader = response.body.getReader();
      const parts = [];
      let received = 0;
      for (;;) {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS);
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.byteLength;
        if (total) onProgress(Math.min(1, received / total));
      }
      if (song.sizeBytes && received !== song.sizeBytes) {
        throw new Error(`got ${received} of ${song.sizeBytes} bytes`);
      }
      return new Blob(parts, { type: song.mimeType || 'application/octet-stream' });
    } finally {
      clearTimeout(timer);
    }
  }

  report(song, text, kind = 'progress') {
    this.dispatchEvent(new CustomEvent('status', { detail: { song, text, kind } }));
  }
}

/** true or false when the SHA-256 could be computed; null when this browser cannot here. */
async function matchesId(blob, id) {
  if (!(globalThis.crypto && crypto.subtle)) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  const hex = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
  return hex === id;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by now; keep it a while for slow starts, then let it go.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** "Artist - Title.ext", without characters file systems refuse. */
export function fileName(song) {
  const base = [song.artist, song.title || 'Untitled'].filter(Boolean).join(' - ');
  const clean = base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').trim().slice(0, 150) || 'song';
  return `${clean}.${extension(song)}`;
}

function extension(song) {
  const format = (song.format || '').toLowerCase();
  const subtype = (song.mimeType || '').split('/')[1] || '';
  return EXTENSIONS[format] || EXTENSIONS[subtype.toLowerCase()] || format || 'bin';
}
