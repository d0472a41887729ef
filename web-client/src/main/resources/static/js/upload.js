// The upload form: each chosen file is sent on its own with its SHA-256 (so that only these exact
// bytes can be stored) and a progress bar, and gets its own result line. When the cluster says "later"
// (busy, switching roles, timing out, or the bytes arrived damaged), the same file is sent again after
// a backoff that honours Retry-After, as the command line's uploader does: an upload is idempotent.

import { ApiError, uploadToken } from './api.js';
import { el, problemText } from './format.js';
import { fileSha256 } from './sha256.js';

/** Tries per file: with the backoff below, about two minutes of a cluster saying "later". */
const MAX_TRIES = 8;
const DIGEST_MISMATCH = 'https://dispotify.org/problems/digest-mismatch';
const RETRY_AFTER_CAP_MS = 10 * 60 * 1000;

export class Uploader {
  constructor(api, ui, onStored) {
    this.api = api;
    this.ui = ui;
    this.onStored = onStored;
    this.wire();
  }

  wire() {
    const { form, files, drop, chosen } = this.ui;
    files.addEventListener('change', () => this.describeChoice());
    for (const type of ['dragenter', 'dragover']) {
      drop.addEventListener(type, e => { e.preventDefault(); drop.classList.add('over'); });
    }
    for (const type of ['dragleave', 'drop']) {
      drop.addEventListener(type, () => drop.classList.remove('over'));
    }
    drop.addEventListener('drop', e => {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        files.files = e.dataTransfer.files;
        this.describeChoice();
      }
    });
    form.addEventListener('submit', e => {
      e.preventDefault();
      this.uploadAll();
    });
    chosen.textContent = 'No file chosen';
  }

  describeChoice() {
    const list = [...this.ui.files.files];
    this.ui.chosen.textContent = list.length === 0 ? 'No file chosen'
      : list.length === 1 ? list[0].name : `${list.length} files`;
  }

  async uploadAll() {
    const list = [...this.ui.files.files];
    if (!list.length) {
      this.ui.files.click();
      return;
    }
    const fields = {};
    for (const name of ['title', 'artist', 'album', 'genre']) {
      fields[name] = this.ui.form.elements[name].value;
    }
    this.ui.submit.disabled = true;
    try {
      for (const file of list) {
        await this.uploadOne(file, fields);
      }
    } finally {
      this.ui.submit.disabled = false;
      this.ui.form.reset();
      this.describeChoice();
    }
  }

  /**
   * Uploads; on 401 asks once for the cluster's upload token, keeps it, and tries again. A token the
   * router refuses too is forgotten (the next upload asks again) and reported as such.
   */
  async uploadWithToken(file, fields, onProgress) {
    try {
      return await this.api.upload(file, fields, onProgress);
    } catch (e) {
      if (e.status !== 401) throw e;
      uploadToken.clear();
      const token = window.prompt('Adding songs needs this cluster\'s upload token. Paste it here '
        + '(it is in the player URL that ./dispotify up printed, and in .dispotify/upload-token):');
      if (!token || !token.trim()) {
        throw new ApiError(401, { title: 'Upload token required', detail: 'No upload token was given, so nothing was uploaded.' });
      }
      uploadToken.set(token);
      try {
        return await this.api.upload(file, fields, onProgress);
      } catch (retry) {
        if (retry.status !== 401) throw retry;
        uploadToken.clear();
        throw new ApiError(401, { title: 'Wrong upload token', detail: 'The router did not accept that token. '
          + 'Check .dispotify/upload-token (or the player URL ./dispotify up printed) and upload again.' });
      }
    }
  }

  async uploadOne(file, fields) {
    const bar = el('i');
    const result = el('span', { class: 'result muted' }, 'Computing its SHA-256…');
    const item = el('li', { class: 'pending' },
      el('div', { class: 'row' }, el('span', { class: 'name' }, file.name), el('span', { class: 'muted small' }, sizeText(file.size))),
      el('div', { class: 'bar' }, bar),
      result);
    this.ui.results.prepend(item);
    let sha256;
    try {
      sha256 = await fileSha256(file, fraction => { result.textContent = `Computing its SHA-256… ${Math.floor(fraction * 100)}%`; });
    } catch (e) {
      item.className = 'error';
      result.textContent = `Cannot read the file: ${e.message}`;
      return;
    }
    const onProgress = fraction => {
      bar.style.width = `${Math.round(fraction * 100)}%`;
      result.textContent = fraction >= 1 ? 'Storing on the data nodes…' : 'Uploading…';
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const { status, song } = await this.uploadWithToken(file, { ...fields, sha256 }, onProgress);
        bar.style.width = '100%';
        item.className = 'ok';
        const copies = song.replicas ? ` · ${song.replicas} cop${song.replicas === 1 ? 'y' : 'ies'}` : '';
        const what = `“${song.title || file.name}”${song.artist ? ' by ' + song.artist : ''}`;
        result.textContent = status === 201 ? `Added ${what}${copies}` : `Already in the library: ${what}${copies}`;
        this.onStored(song);
        return;
      } catch (e) {
        if (!retryable(e) || attempt >= MAX_TRIES) {
          item.className = 'error';
          result.textContent = attempt > 1 ? `Not stored after ${attempt} tries: ${problemText(e)}` : problemText(e);
          return;
        }
        const wait = backoffMs(attempt, e.retryAfterMs);
        item.className = 'pending retrying';
        bar.style.width = '0%';
        result.textContent = `${problemText(e)} Trying again in ${(wait / 1000).toFixed(1)} s (try ${attempt + 1} of ${MAX_TRIES}).`;
        await new Promise(resolve => setTimeout(resolve, wait));
      }
    }
  }
}

/** Busy, a role switch, a timeout, damage on the way, no router reached: the same bytes later are the same song. */
function retryable(error) {
  const status = error.status;
  return status === 0 || status === 408 || status === 429 || status === 502 || status === 503 || status === 504
    || (status === 400 && error.problem && error.problem.type === DIGEST_MISMATCH);
}

/** At least what the server asked for; otherwise 1 s doubling to 16 s, with jitter. */
function backoffMs(attempt, retryAfter) {
  const base = Math.min(16000, 1000 * 2 ** Math.min(attempt - 1, 4));
  const jittered = base / 2 + Math.random() * (base / 2);
  return Math.max(jittered, Math.min(retryAfter || 0, RETRY_AFTER_CAP_MS));
}

function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}
