// Wires the player page together: the views, the router badge, the player with its queue (kept across
// reloads), the player bar, the OS media controls, keyboard shortcuts and downloads.

import { RouterClient, uploadToken } from './js/api.js';
import { Player } from './js/player.js';
import { Library } from './js/library.js';
import { Uploader } from './js/upload.js';
import { ClusterView } from './js/cluster.js';
import { Views } from './js/views.js';
import { QueuePanel } from './js/queue-panel.js';
import { Transport } from './js/transport.js';
import { Downloader } from './js/download.js';
import { MediaSessionBridge } from './js/media-session.js';
import { bindShortcuts, SHORTCUTS } from './js/shortcuts.js';
import { QueueKeeper } from './js/queue-keeper.js';
import { el } from './js/format.js';
import { AlbumGrid } from './js/albums.js';
import { AlbumPage } from './js/album-page.js';
import { ArtistList, ArtistPage } from './js/artists.js';
import { GenreList } from './js/genres.js';
import { SearchMatches } from './js/search-matches.js';

const $ = id => document.getElementById(id);

const api = new RouterClient();
const player = new Player([$('audio'), $('audio-next')], api);
const downloader = new Downloader(api);
const library = new Library(api, player, downloader, {
  search: $('search'), sort: $('sort'), scroller: $('song-scroller'), list: $('song-list'), empty: $('library-empty'),
  notice: $('library-notice'), count: $('library-count'),
});
new Uploader(api, {
  form: $('upload-form'), files: $('upload-files'), drop: $('drop-zone'), chosen: $('upload-chosen'),
  submit: $('upload-submit'), results: $('upload-results'),
}, () => library.load());
const cluster = new ClusterView(api, { ring: $('ring'), list: $('member-list'), updated: $('cluster-updated') });

// ---- views ----
const views = new Views('library');
const albums = new AlbumGrid(api, player, views, {
  scroller: $('album-scroller'), grid: $('album-grid'), sort: $('album-sort'), genre: $('album-genre'), count: $('album-count'),
  empty: $('albums-empty'), notice: $('albums-notice'),
});
const albumPage = new AlbumPage(api, player, downloader, { host: $('album-page') });
const artists = new ArtistList(api, {
  scroller: $('artist-scroller'), list: $('artist-list'), filter: $('artist-filter'), count: $('artist-count'),
  empty: $('artists-empty'), notice: $('artists-notice'),
});
const artistPage = new ArtistPage(api, player, { host: $('artist-page') });
const genres = new GenreList(api, { list: $('genre-list'), empty: $('genres-empty') });
const matches = new SearchMatches(api, {
  host: $('search-matches'), artists: $('match-artists'), albums: $('match-albums'),
  artistsBox: $('match-artists-box'), albumsBox: $('match-albums-box'),
});
let matchDebounce = null;
$('search').addEventListener('input', () => {
  clearTimeout(matchDebounce);
  matchDebounce = setTimeout(() => matches.update($('search').value.trim()), 200);
});
views
  .add('library', { element: $('view-library'), show: () => library.show(), hide: () => library.hide() })
  .add('albums', { element: $('view-albums'), show: genre => albums.show(genre), hide: () => albums.hide() })
  .add('album', { element: $('view-album'), tab: 'albums', show: id => albumPage.show(id), hide: () => albumPage.hide() })
  .add('artists', { element: $('view-artists'), show: () => artists.show(), hide: () => artists.hide() })
  .add('artist', { element: $('view-artist'), tab: 'artists', show: id => artistPage.show(id), hide: () => artistPage.hide() })
  .add('genres', { element: $('view-genres'), show: () => genres.show() })
  .add('upload', { element: $('view-upload') })
  .add('cluster', { element: $('view-cluster'), show: () => cluster.show(true), hide: () => cluster.show(false) });
for (const tab of document.querySelectorAll('[data-go]')) {
  tab.addEventListener('click', () => views.go(tab.dataset.go));
}

// ---- router badge ----
api.onChange((base, healthy) => {
  $('router-name').textContent = base.replace(/^https?:\/\//, '');
  $('router-badge').className = `router-badge ${healthy === false ? 'down' : healthy ? 'ok' : ''}`;
});

// ---- the queue, kept across reloads ----
const keeper = new QueueKeeper(player);
keeper.restore();
new QueuePanel(player, {
  scroller: $('queue-scroller'), list: $('queue'), empty: $('queue-empty'), count: $('queue-count'), clear: $('queue-clear'),
});
const app = $('app');
const setQueueOpen = open => {
  app.classList.toggle('queue-open', open);
  $('queue-toggle').setAttribute('aria-expanded', String(open));
};
$('queue-toggle').addEventListener('click', () => setQueueOpen(!app.classList.contains('queue-open')));
$('queue-close').addEventListener('click', () => setQueueOpen(false));

// ---- player bar, OS media controls, downloads ----
const transport = new Transport(player, api, downloader, {
  playPause: $('play-pause'), stop: $('stop'), next: $('next'), prev: $('prev'), shuffle: $('shuffle'), repeat: $('repeat'),
  download: $('download-current'), seek: $('seek'), current: $('time-current'), total: $('time-total'),
  volume: $('volume'), mute: $('mute'), status: $('player-status'), cover: $('now-cover'), title: $('now-title'),
  artist: $('now-artist'), node: $('now-node'), nodeLine: $('now-node-line'),
});
new MediaSessionBridge(player, api);

let toastTimer = null;
downloader.addEventListener('status', e => {
  const toast = $('toast');
  toast.textContent = e.detail.text;
  toast.className = `toast ${e.detail.kind}`;
  toast.hidden = false;
  clearTimeout(toastTimer);
  if (e.detail.kind !== 'progress') toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
});

// ---- keyboard ----
const help = $('help');
$('help-keys').replaceChildren(...SHORTCUTS.flatMap(([keys, what]) => [el('dt', {}, el('kbd', {}, keys)), el('dd', {}, what)]));
$('help-open').addEventListener('click', () => help.showModal());
$('help-close').addEventListener('click', () => help.close());
bindShortcuts(document, {
  toggle: () => player.toggle(),
  seekBy: seconds => player.seek(player.position + seconds),
  next: () => player.next(),
  prev: () => player.prev(),
  volumeBy: step => transport.setVolume(transport.volume + step),
  mute: () => player.setMuted(!player.muted),
  shuffle: () => player.setShuffle(!player.queue.shuffle),
  repeat: () => player.cycleRepeat(),
  search: () => {
    if (views.current !== 'library') views.go('library');
    $('search').focus();
    $('search').select();
  },
  help: () => help.showModal(),
});

// `./dispotify up` prints a player URL with the upload token in the fragment: keep it, then drop it
// from the address bar so it is not bookmarked or shared by accident.
const tokenInUrl = location.hash.match(/^#token=([^&]+)$/);
if (tokenInUrl) {
  uploadToken.set(decodeURIComponent(tokenInUrl[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#library`);
}
views.follow();

// For tests and curious users: the live objects, read-only use intended.
window.dispotify = { api, player, library, albums, albumPage, artists, artistPage, queue: player.queue, views, downloader };
