// An album's page: its cover, name, artist, year and genre, the buttons to play it, shuffle it or add
// it to the queue, and its songs in disc and track order (a heading per disc when there are several).

import { el, icon, formatMs, formatTime, problemText } from './format.js';
import { albumCoverUrl, cover } from './cover.js';
import { artistLink, coverSize } from './tiles.js';

const COVER_PX = 232;

export class AlbumPage {
  constructor(api, player, downloader, ui) {
    this.api = api;
    this.player = player;
    this.downloader = downloader;
    this.ui = ui;
    this.album = null;
    this.shown = null;
    player.addEventListener('change', e => {
      if (e.detail === 'song') this.markPlaying();
    });
  }

  async show(id) {
    this.shown = id;
    if (!this.album || this.album.id !== id) this.ui.host.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    try {
      const album = await this.api.json(`/api/albums/${encodeURIComponent(id)}`);
      if (this.shown !== id) return;
      this.album = album;
      this.render();
    } catch (e) {
      if (this.shown !== id) return;
      this.album = null;
      this.ui.host.replaceChildren(el('div', { class: 'notice' }, e.status === 404 ? 'This album is not in the library (any more).' : problemText(e)));
    }
  }

  hide() {
    this.shown = null;
  }

  render() {
    const album = this.album;
    const songs = album.songs || [];
    const name = album.name || 'Unknown album';
    const meta = [album.year, album.genre, `${songs.length} song${songs.length === 1 ? '' : 's'}`, formatTime(album.durationMs / 1000)]
      .filter(Boolean).join(' · ');
    const header = el('header', { class: 'album-head' },
      cover({ url: albumCoverUrl(this.api.base, album, coverSize(COVER_PX)), name, kind: 'album-cover' }),
      el('div', { class: 'album-info' },
        el('div', { class: 'kind muted' }, album.compilation ? 'Compilation' : 'Album'),
        el('h2', { id: 'album-name' }, name),
        el('div', { class: 'album-artist' }, artistLink(album.artist, album.artistId)),
        el('div', { class: 'muted small' }, meta),
        el('div', { class: 'album-actions' },
          el('button', { class: 'primary', id: 'album-play', onclick: () => this.play(0, false), disabled: !songs.length }, icon('play'), 'Play'),
          el('button', { class: 'ghost', id: 'album-shuffle', onclick: () => this.play(0, true), disabled: !songs.length }, icon('shuffle'), 'Shuffle'),
          el('button', { class: 'ghost', id: 'album-enqueue', onclick: () => this.enqueueAll(), disabled: !songs.length }, icon('plus'), 'Add to queue'))));
    const discs = new Set(songs.map(s => s.disc || 1));
    const rows = [];
    songs.forEach((song, i) => {
      const disc = song.disc || 1;
      if (discs.size > 1 && (i === 0 || (songs[i - 1].disc || 1) !== disc)) {
        rows.push(el('li', { class: 'disc', role: 'presentation' }, `Disc ${disc}`));
      }
      rows.push(this.track(song, i));
    });
    const tracks = el('ol', { class: 'tracks', id: 'album-tracks', 'aria-label': `Songs of ${name}` }, rows);
    this.ui.host.replaceChildren(header, tracks);
    this.markPlaying();
  }

  track(song, i) {
    const otherArtist = song.artist && song.artist !== this.album.artist;
    return el('li', { class: 'track', dataset: { id: song.id, index: i } },
      el('button', { class: 'track-main', title: 'Play', 'aria-label': `Play ${song.title || 'Untitled'}`, onclick: () => this.play(i, false) },
        el('span', { class: 'track-no' }, song.track || ''),
        el('span', { class: 'track-text' },
          el('span', { class: 'title' }, song.title || 'Untitled'),
          otherArtist ? el('span', { class: 'sub' }, song.artist) : null),
        el('span', { class: 'track-time' }, formatMs(song.durationMs))),
      el('div', { class: 'c-actions' },
        el('button', { class: 'icon-btn add', title: 'Add to queue', 'aria-label': `Add ${song.title} to the queue`, onclick: () => this.player.enqueue(song) }, icon('plus')),
        el('button', { class: 'icon-btn download', title: 'Download', 'aria-label': `Download ${song.title}`, onclick: () => this.downloader.download(song) }, icon('download'))));
  }

  /** Plays the album from track i, the whole album as the queue (shuffled from a random track). */
  play(i, shuffle) {
    const songs = this.album.songs;
    if (this.player.queue.shuffle !== shuffle) this.player.setShuffle(shuffle);
    this.player.setQueue(songs, shuffle ? Math.floor(Math.random() * songs.length) : i);
  }

  enqueueAll() {
    for (const song of this.album.songs) this.player.enqueue(song);
  }

  markPlaying() {
    const id = this.player.song && this.player.song.id;
    for (const row of this.ui.host.querySelectorAll('.track')) row.classList.toggle('playing', !!id && row.dataset.id === id);
  }
}
