// The album grid: every album as a tile with its cover, sorted on the router (name, artist, year,
// newest) and filtered by genre; tiles read block by block and drawn only near the viewport.

import { el, problemText } from './format.js';
import { PagedSource } from './paged-source.js';
import { VirtualList } from './virtual-list.js';
import { albumTile, coverSize, playAlbum } from './tiles.js';

const BLOCK = 120;
/** The narrowest tile: about six columns on a desktop, two on a phone. */
const TILE_MIN_WIDTH = 170;

export class AlbumGrid {
  constructor(api, player, views, ui) {
    this.api = api;
    this.player = player;
    this.views = views;
    this.ui = ui;
    this.sort = ui.sort.value || 'name';
    this.genre = null;
    this.genresLoaded = false;
    this.source = new PagedSource(this.fetcher(), { blockSize: BLOCK });
    this.list = new VirtualList({
      scroller: ui.scroller,
      host: ui.grid,
      heightVar: '--tile-h',
      minItemWidth: TILE_MIN_WIDTH,
      render: i => this.tile(i),
      onRange: (from, to) => this.source.want(from, to),
    });
    ui.sort.addEventListener('change', () => {
      this.sort = ui.sort.value;
      this.load();
    });
    // The genre is part of the address (#albums/Jazz), so a filtered grid is linkable and Back undoes it.
    ui.genre.addEventListener('change', () => views.go('albums', ui.genre.value || null));
    this.source.addEventListener('change', () => this.arrived());
    this.source.addEventListener('error', e => this.showNotice(problemText(e.detail)));
  }

  show(genre) {
    const changed = (genre || null) !== this.genre;
    this.genre = genre || null;
    this.loadGenres();
    this.selectGenre();
    if (changed || this.source.total === null) this.load();
    else this.source.refresh(...this.list.visibleRange);
  }

  hide() {}

  fetcher() {
    const params = new URLSearchParams({ sort: this.sort });
    if (this.genre) params.set('genre', this.genre);
    return (page, size) => this.api.json(`/api/albums?${params}&page=${page}&size=${size}`);
  }

  load() {
    this.source.reset(this.fetcher());
    this.ui.scroller.scrollTop = 0;
    return this.source.want(0, BLOCK);
  }

  async loadGenres() {
    if (this.genresLoaded) return;
    try {
      const genres = await this.api.json('/api/genres');
      this.genresLoaded = true;
      const options = (genres.items || []).filter(g => g.albumCount > 0)
        .map(g => el('option', { value: g.name }, `${g.name} (${g.albumCount})`));
      this.ui.genre.replaceChildren(el('option', { value: '' }, 'All genres'), ...options);
      this.selectGenre();
    } catch (e) {
      /* the grid works without the genre list; asked again next time */
    }
  }

  /** Shows the address's genre in the select, adding it if the list does not have it (yet). */
  selectGenre() {
    const select = this.ui.genre;
    const value = this.genre || '';
    if (value && ![...select.options].some(o => o.value === value)) select.append(el('option', { value }, value));
    select.value = value;
  }

  arrived() {
    this.showNotice('');
    const total = this.source.total || 0;
    this.list.setCount(total);
    this.list.refresh();
    this.ui.count.textContent = `${total.toLocaleString()} album${total === 1 ? '' : 's'}`;
    this.ui.empty.hidden = total > 0;
    this.ui.empty.textContent = this.genre ? `No albums of ${this.genre}.` : 'No albums yet. Add some on the Upload tab.';
  }

  tile(i) {
    const album = this.source.get(i);
    if (!album) return el('div', { class: 'tile loading', role: 'listitem', dataset: { index: i } }, el('div', { class: 'cover tile-cover' }));
    const width = this.list.columns > 0 ? this.ui.grid.clientWidth / this.list.columns : TILE_MIN_WIDTH;
    const node = albumTile(album, {
      base: this.api.base,
      size: coverSize(width),
      onPlay: () => playAlbum(this.api, this.player, album.id).catch(e => this.showNotice(problemText(e))),
    });
    node.dataset.index = i;
    return node;
  }

  showNotice(text) {
    this.ui.notice.hidden = !text;
    this.ui.notice.textContent = text;
  }
}
