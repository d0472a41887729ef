// Wires the player page together: tabs, the router badge, the transport bar, the queue.

import { RouterClient, uploadToken } from './js/api.js';
import { Player } from './js/player.js';
import { Library } from './js/library.js';
import { Uploader } from './js/upload.js';
import { ClusterView } from './js/cluster.js';
import { el, icon, formatTime, setRangeFill } from './js/format.js';

const $ = id => document.getElementById(id);

const api = new RouterClient();
const audio = $('audio');
const player = new Player(audio, api);
const library = new Library(api, player, {
  search: $('search'), sort: $('sort'), list: $('song-list'), empty: $('library-empty'),
  notice: $('library-notice'), prev: $('page-prev'), next: $('page-next'), info: $('page-info'),
});
new Uploader(api, {
  form: $('upload-form'), files: $('upload-files'), drop: $('drop-zone'), chosen: $('upload-chosen'),
  submit: $('upload-submit'), results: $('upload-results'),
}, () => library.load());
const cluster = new ClusterView(api, { ring: $('ring'), list: $('member-list'), updated: $('cluster-updated') });

// ---- tabs ----
for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => showView(tab.dataset.view));
}
function showView(name) {
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.view === name);
  for (const view of document.querySelectorAll('.view')) view.classList.toggle('active', view.id === `view-${name}`);
  library.visible = name === 'library';
  cluster.show(name === 'cluster');
  if (name === 'library') library.load();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

// ---- router badge ----
api.onChange((base, healthy) => {
  $('router-name').textContent = base.replace(/^https?:\/\//, '');
  $('router-badge').className = `router-badge ${healthy === false ? 'down' : healthy ? 'ok' : ''}`;
});

// ---- transport ----
const seek = $('seek');
const volume = $('volume');
let dragging = false;
$('play-pause').addEventListener('click', () => player.toggle());
$('stop').addEventListener('click', () => player.stop());
$('next').addEventListener('click', () => player.next());
$('prev').addEventListener('click', () => player.prev());
seek.addEventListener('input', () => { dragging = true; $('time-current').textContent = formatTime(Number(seek.value)); setRangeFill(seek); });
seek.addEventListener('change', () => { dragging = false; player.seek(Number(seek.value)); });
volume.value = localStorage.getItem('dispotify.volume') || '0.8';
player.setVolume(Number(volume.value));
setRangeFill(volume);
volume.addEventListener('input', () => {
  player.setVolume(Number(volume.value));
  setRangeFill(volume);
  localStorage.setItem('dispotify.volume', volume.value);
});
document.addEventListener('keydown', e => {
  if (e.code === 'Space' && !['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(document.activeElement.tagName)) {
    e.preventDefault();
    player.toggle();
  }
});

player.addEventListener('change', e => {
  switch (e.detail) {
    case 'time': return showTime();
    case 'state': return showState();
    case 'status': return ($('player-status').textContent = player.statusText);
    case 'song': showSong(); return showState();
    case 'provider': return showProvider();
    case 'queue': return showQueue();
    default:
  }
});

function showTime() {
  const duration = Number.isFinite(audio.duration) ? audio.duration : (player.song && player.song.durationMs / 1000) || 0;
  seek.max = String(duration || 0);
  if (!dragging) {
    seek.value = String(audio.currentTime || 0);
    $('time-current').textContent = formatTime(audio.currentTime || 0);
  }
  $('time-total').textContent = formatTime(duration);
  setRangeFill(seek);
}

function showState() {
  const button = $('play-pause');
  const playing = player.playing || (player.wantPlaying && player.song);
  button.replaceChildren(icon(playing ? 'pause' : 'play'));
  button.title = playing ? 'Pause' : 'Play';
  document.title = player.song && playing ? `▶ ${player.song.title} · Dispotify` : 'Dispotify';
}

function showSong() {
  const song = player.song;
  $('now-title').textContent = song ? song.title || 'Untitled' : 'Nothing playing';
  $('now-artist').textContent = song ? [song.artist, song.album].filter(Boolean).join(' · ') : '\u00a0';
  $('now-cover').textContent = song && song.title ? song.title.trim().charAt(0).toUpperCase() : '♪';
  showProvider();
  showTime();
}

function showProvider() {
  const provider = player.provider;
  $('now-node').textContent = provider ? `Streaming from ${provider.nodeId} · ${streamedVia(provider.url)}` : '—';
  $('now-node').dataset.node = provider ? provider.nodeId : '';
  $('now-node-line').classList.toggle('streaming', !!provider);
}

/** The data node's address, or "via <router>" when a router relays the audio (its /api path). */
function streamedVia(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname.startsWith('/api/') ? `via ${parsed.host}` : parsed.host;
}

function showQueue() {
  const items = player.queue.map((song, i) => el('li', { class: i === player.index ? 'current' : '', onclick: () => player.playAt(i) },
    el('div', { class: 'q-text' }, el('div', { class: 'q-title' }, song.title || 'Untitled'), el('div', { class: 'q-artist' }, song.artist || '')),
    el('button', { class: 'q-remove', title: 'Remove from queue', onclick: ev => { ev.stopPropagation(); player.removeAt(i); } }, icon('x'))));
  $('queue').replaceChildren(...items);
  $('queue-empty').hidden = items.length > 0;
}
$('queue-clear').addEventListener('click', () => player.clearQueue());

// `./dispotify up` prints a player URL with the upload token in the fragment: keep it, then drop it
// from the address bar so it is not bookmarked or shared by accident.
const tokenInUrl = location.hash.match(/^#token=([^&]+)$/);
if (tokenInUrl) {
  uploadToken.set(decodeURIComponent(tokenInUrl[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#library`);
}
showView(['library', 'upload', 'cluster'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'library');
showQueue();
showState();

// For tests and curious users: the live objects, read-only use intended.
window.dispotify = { api, player, library };
