// The artists: a list by name (filtered as you type, read block by block), and an artist's page with
// their albums as tiles.

import { el, problemText } from './format.js';
import { PagedSource } from './paged-source.js';
import { VirtualList } from './virtual-list.js';
import { cover } from './cover.js';
import { albumTile, artistHref, coverSize, playAlbum } from './tiles.js';

const BLOCK = 200;
const TILE_PX = 190;

export class ArtistList {
  constructor(api, ui) {
    this.api = api;
    this.ui = ui;
    this.q = '';
    this.source = new PagedSource(this.fetcher(), { blockSize: BLOCK });
    this.list = new VirtualList({
      scroller: ui.scroller,
      host: ui.list,
      render: i => this.row(i),
      onRange: (from, to) => this.source.want(from, to),
    });
    let debounce = null;
    ui.filter.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        this.q = ui.filter.value.trim();
        this.load();
      }, 200);
    });
    this.source.addEventListener('change', () => this.arrived());
    this.source.addEventListener('error', e => this.showNotice(problemText(e.detail)));
  }

  show() {
    if (this.source.total === null) this.load();
    else this.source.refresh(...this.list.visibleRange);
  }

  hide() {}

  fetcher() {
    const params = new URLSearchParams();
    if (this.q) params.set('q', this.q);
    return (page, size) => this.api.json(`/api/artists?${params}&page=${page}&size=${size}`);
  }

  load() {
    this.source.reset(this.fetcher());
    this.ui.scroller.scrollTop = 0;
    return this.source.want(0, BLOCK);
  }

  arrived() {
    this.showNotice('');
    const total = this.source.total || 0;
    this.list.setCount(total);
    this.list.refresh();
    this.ui.count.textContent = `${total.toLocaleString()} artist${total === 1 ? '' : 's'}`;
    this.ui.empty.hidden = total > 0;
    this.ui.empty.textContent = this.q ? `No artist matches “${this.q}”.` : 'No artists yet.';
  }

  row(i) {
    const artist = this.source.get(i);
    if (!artist) return el('div', { class: 'artist-row loading', role: 'listitem', dataset: { index: i } }, el('span', { class: 'skeleton' }));
    return el('div', { class: 'artist-row', role: 'listitem', dataset: { index: i, id: artist.id } },
      el('a', { class: 'artist-row-link', href: artistHref(artist.id) },
        cover({ url: null, name: artist.name, kind: 'avatar' }),
        el('span', { class: 'artist-text' },
          el('span', { class: 'title' }, artist.name),
          el('span', { class: 'sub' }, counts(artist)))));
  }

  showNotice(text) {
    this.ui.notice.hidden = !text;
    this.ui.notice.textContent = text;
  }
}

export class ArtistPage {
  constructor(api, player, ui) {
    this.api = api;
    this.player = player;
    this.ui = ui;
    this.shown = null;
  }

  async show(id) {
    this.shown = id;
    this.ui.host.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    try {
      const artist = await this.api.json(`/api/artists/${encodeURIComponent(id)}`);
      if (this.shown === id) this.render(artist);
    } catch (e) {
      if (this.shown !== id) return;
      this.ui.host.replaceChildren(el('div', { class: 'notice' }, e.status === 404 ? 'This artist is not in the library (any more).' : problemText(e)));
    }
  }

  hide() {
    this.shown = null;
  }

  render(artist) {
    const albums = artist.albums || [];
    const notice = el('div', { class: 'notice', hidden: true });
    const size = coverSize(TILE_PX);
    const tiles = albums.map(album => albumTile(album, {
      base: this.api.base,
      size,
      onPlay: () => playAlbum(this.api, this.player, album.id).catch(e => {
        notice.hidden = false;
        notice.textContent = problemText(e);
      }),
    }));
    this.ui.host.replaceChildren(
      el('header', { class: 'artist-head' },
        cover({ url: null, name: artist.name, kind: 'avatar big' }),
        el('div', {},
          el('div', { class: 'kind muted' }, 'Artist'),
          el('h2', { id: 'artist-name' }, artist.name),
          el('div', { class: 'muted small' }, counts(artist)))),
      notice,
      el('h3', { class: 'section' }, 'Albums'),
      albums.length ? el('div', { class: 'tile-grid', id: 'artist-albums', role: 'list', 'aria-label': `Albums of ${artist.name}` }, tiles)
        : el('p', { class: 'muted' }, 'No albums.'));
  }
}

function counts(artist) {
  const albums = artist.albumCount || 0;
  const songs = artist.songCount || 0;
  return `${albums} album${albums === 1 ? '' : 's'} · ${songs} song${songs === 1 ? '' : 's'}`;
}
