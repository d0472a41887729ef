// The player's client of the routers. It starts with the router that served the page, learns
// the others from /api/cluster, and moves to the next one when a router stops answering.

import { storage } from './storage.js';

const STORE_KEY = 'dispotify.routers';
const WRONG_ROLE = 'https://dispotify.org/problems/wrong-role';

/** An answer from a router that is about the request (404, 400, 503 no data node...). */
export class ApiError extends Error {
  /** @param retryAfterMs what the answer's Retry-After asked for, or null */
  constructor(status, problem, retryAfterMs = null) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.retryAfterMs = retryAfterMs;
  }
}

/** The router itself did not answer usefully: another router may. */
class RouterDown extends Error {}

export class RouterClient {
  constructor(origin = location.origin) {
    this.origin = origin;
    this.routers = unique([origin, ...loadRouters()]);
    this.current = 0;
    this.listeners = new Set();
    this.healthy = null;
  }

  get base() {
    return this.routers[this.current];
  }

  onChange(listener) {
    this.listeners.add(listener);
    listener(this.base, this.healthy);
  }

  /** Remembers the routers a cluster view lists, so we can move to them later. */
  learn(members) {
    const found = members
      .filter(m => m.role === 'router' && m.status !== 'DEAD')
      .map(m => `http://${m.host}:${m.port}`);
    if (!found.length) return;
    const base = this.base;
    this.routers = unique([base, ...found, ...this.routers]);
    this.current = 0;
    storage.set(STORE_KEY, JSON.stringify(this.routers.slice(0, 16))); // else: for this page only
  }

  /**
   * GET a JSON document, trying each known router once, and at least twice in all: a single
   * router may just have dropped one kept-alive connection.
   */
  async json(path, { timeoutMs = 3000 } = {}) {
    let lastError = null;
    for (let tried = 0; tried < Math.max(2, this.routers.length); tried++) {
      const base = this.base;
      try {
        const response = await fetchWithTimeout(base + path, timeoutMs);
        const body = await readBody(response);
        if (isRouterFailure(response.status, body)) {
          throw new RouterDown(`router ${base} answered ${response.status}`);
        }
        this.mark(true);
        if (!response.ok) throw new ApiError(response.status, body);
        return body;
      } catch (e) {
        if (e instanceof ApiError) throw e;
        lastError = e;
        this.advance();
      }
    }
    this.mark(false);
    throw new ApiError(0, { title: 'No router answers', detail: `No router answers (${lastError && lastError.message}).` });
  }

  /**
   * POSTs one upload with XMLHttpRequest (for upload progress). A router that cannot be reached
   * is followed by the next one: uploads are idempotent.
   */
  upload(file, fields, onProgress) {
    const attempt = (left) => new Promise((resolve, reject) => {
      const form = new FormData();
      form.append('file', file, file.name);
      for (const [name, value] of Object.entries(fields)) {
        if (value && value.trim()) form.append(name, value.trim());
      }
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.base + '/api/songs');
      const token = uploadToken.get();
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.responseType = 'text';
      xhr.timeout = 15 * 60 * 1000;
      xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let body = null;
        try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { body = { detail: xhr.responseText }; }
        if (isRouterFailure(xhr.status, body) && left > 1) {
          this.advance();
          resolve(attempt(left - 1));
          return;
        }
        this.mark(true);
        if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, song: body });
        else reject(new ApiError(xhr.status, body, retryAfterMs(xhr.getResponseHeader('Retry-After'))));
      };
      const down = () => {
        if (left > 1) {
          this.advance();
          onProgress(0);
          resolve(attempt(left - 1));
        } else {
          this.mark(false);
          reject(new ApiError(0, { title: 'Upload failed', detail: 'No router could be reached.' }));
        }
      };
      xhr.onerror = down;
      xhr.ontimeout = down;
      xhr.send(form);
    });
    return attempt(this.routers.length);
  }

  advance() {
    this.current = (this.current + 1) % this.routers.length;
    this.notify();
  }

  mark(healthy) {
    if (this.healthy !== healthy) {
      this.healthy = healthy;
      this.notify();
    }
  }

  notify() {
    for (const listener of this.listeners) listener(this.base, this.healthy);
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(value, now = Date.now()) {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function isRouterFailure(status, body) {
  if (status === 0 || status === 502 || status === 504) return true;
  // A node that switched to the data role answers the router's paths with this problem.
  return status === 503 && body && body.type === WRONG_ROLE;
}

async function fetchWithTimeout(url, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } });
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch (e) { return { detail: text }; }
}

function loadRouters() {
  const saved = storage.json(STORE_KEY);
  return Array.isArray(saved) ? saved.filter(s => typeof s === 'string' && /^https?:\/\//.test(s)) : [];
}

function unique(list) {
  return [...new Set(list)];
}

/**
 * The cluster's upload token, kept in this browser once given (`./dispotify up` prints a player URL
 * that carries it in the fragment, which never reaches a server).
 */
export const uploadToken = {
  key: 'dispotify.uploadToken',
  get() { return storage.get(this.key) || ''; },
  set(token) { storage.set(this.key, token.trim()); }, // not kept in a private window: asked again next time
  clear() { storage.remove(this.key); },
};
