// Every genre with its counts; each links to the album grid filtered by it.

import { el, problemText } from './format.js';

export class GenreList {
  constructor(api, ui) {
    this.api = api;
    this.ui = ui;
  }

  async show() {
    try {
      const genres = (await this.api.json('/api/genres')).items || [];
      this.ui.list.replaceChildren(...genres.map(g => el('li', {},
        el('a', { class: 'genre', href: `#albums/${encodeURIComponent(g.name)}` },
          el('span', { class: 'title' }, g.name),
          el('span', { class: 'sub' }, `${g.albumCount} album${g.albumCount === 1 ? '' : 's'} · ${g.songCount} song${g.songCount === 1 ? '' : 's'}`)))));
      this.ui.empty.hidden = genres.length > 0;
    } catch (e) {
      this.ui.list.replaceChildren();
      this.ui.empty.hidden = false;
      this.ui.empty.textContent = problemText(e);
    }
  }

  hide() {}
}
