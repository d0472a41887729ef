// What a search finds besides songs: the artists and albums whose names match, shown above the song
// list as links to their pages (the song list itself searches titles, artists, albums and genres).

import { el } from './format.js';
import { albumCoverUrl, cover } from './cover.js';
import { albumHref, artistHref, coverSize } from './tiles.js';

const LIMIT = 8;

export class SearchMatches {
  constructor(api, ui) {
    this.api = api;
    this.ui = ui;
    this.asked = 0;
  }

  async update(q) {
    const asked = ++this.asked;
    if (!q) {
      this.render([], []);
      return;
    }
    const query = encodeURIComponent(q);
    const [artists, albums] = await Promise.all([
      this.api.json(`/api/artists?q=${query}&size=${LIMIT}`).then(p => p.items || [], () => []),
      this.api.json(`/api/albums?q=${query}&size=${LIMIT}`).then(p => p.items || [], () => []),
    ]);
    if (asked === this.asked) this.render(artists, albums);
  }

  render(artists, albums) {
    const size = coverSize(40);
    this.ui.artists.replaceChildren(...artists.map(a => el('a', { class: 'chip', href: artistHref(a.id), dataset: { id: a.id } },
      cover({ url: null, name: a.name, kind: 'avatar chip-cover' }), el('span', {}, a.name))));
    this.ui.albums.replaceChildren(...albums.map(a => el('a', { class: 'chip', href: albumHref(a.id), dataset: { id: a.id } },
      cover({ url: albumCoverUrl(this.api.base, a, size), name: a.name, kind: 'chip-cover' }),
      el('span', {}, el('span', { class: 'title' }, a.name), el('span', { class: 'sub' }, a.artist)))));
    this.ui.artistsBox.hidden = !artists.length;
    this.ui.albumsBox.hidden = !albums.length;
    this.ui.host.hidden = !artists.length && !albums.length;
  }
}
