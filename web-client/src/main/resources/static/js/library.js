// The song list: search, sort, paging, kept fresh by polling while it is on screen.

import { el, icon, formatMs, problemText } from './format.js';

const PAGE_SIZE = 50;
const POLL_MS = 5000;

export class Library {
  constructor(api, player, ui) {
    this.api = api;
    this.player = player;
    this.ui = ui;
    this.q = '';
    this.sort = 'title';
    this.page = 0;
    this.total = 0;
    this.items = [];
    this.lastJson = '';
    this.requestNo = 0;
    this.visible = true;
    this.wire();
    setInterval(() => {
      if (this.visible && !document.hidden) this.load();
    }, POLL_MS);
  }

  wire() {
    let debounce = null;
    this.ui.search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        this.q = this.ui.search.value.trim();
        this.page = 0;
        this.load();
      }, 200);
    });
    this.ui.sort.addEventListener('change', () => {
      this.sort = this.ui.sort.value;
      this.page = 0;
      this.load();
    });
    this.ui.prev.addEventListener('click', () => { if (this.page > 0) { this.page--; this.load(); } });
    this.ui.next.addEventListener('click', () => {
      if ((this.page + 1) * PAGE_SIZE < this.total) { this.page++; this.load(); }
    });
    this.player.addEventListener('change', e => {
      if (e.detail === 'song' || e.detail === 'state') this.markPlaying();
      if (e.detail === 'need-song' && this.items.length) this.player.setQueue(this.items, 0);
    });
  }

  async load() {
    const number = ++this.requestNo;
    const params = new URLSearchParams({ page: this.page, size: PAGE_SIZE, sort: this.sort });
    if (this.q) params.set('q', this.q);
    try {
      const page = await this.api.json(`/api/songs?${params}`);
      if (number !== this.requestNo) return;
      this.showNotice('');
      const json = JSON.stringify(page);
      if (json === this.lastJson) return;
      this.lastJson = json;
      this.items = page.items;
      this.total = page.total;
      this.render();
    } catch (e) {
      if (number !== this.requestNo) return;
      this.showNotice(problemText(e));
      if (e.status === 503) {
        this.items = [];
        this.total = 0;
        this.lastJson = '';
        this.render();
      }
    }
  }

  render() {
    const rows = this.items.map((song, i) => {
      const copies = song.replicas || 0;
      return el('tr', { dataset: { id: song.id }, ondblclick: () => this.player.setQueue(this.items, i) },
        el('td', { class: 'num-cell' },
          el('span', { class: 'n' }, this.page * PAGE_SIZE + i + 1),
          el('button', { class: 'row-play', title: 'Play', 'aria-label': `Play ${song.title}`, onclick: () => this.player.setQueue(this.items, i) }, icon('play'))),
        el('td', {},
          el('div', { class: 'title' }, song.title || 'Untitled'),
          el('div', { class: 'sub artist' }, song.artist || 'Unknown artist')),
        el('td', { class: 'col-album' }, song.album || ''),
        el('td', { class: 'col-genre' }, song.genre || ''),
        el('td', { class: 'col-copies' }, el('span', { class: copies < 2 ? 'pill low' : 'pill', title: `${copies} live cop${copies === 1 ? 'y' : 'ies'}` }, copies)),
        el('td', { class: 'col-time' }, formatMs(song.durationMs)),
        el('td', { class: 'col-actions' }, el('div', { class: 'actions' },
          el('button', { class: 'icon-btn add', title: 'Add to queue', onclick: () => this.player.enqueue(song) }, icon('plus')),
          el('button', { class: 'icon-btn play', title: 'Play', onclick: () => this.player.setQueue(this.items, i) }, icon('play')))));
    });
    this.ui.list.replaceChildren(...rows);
    this.ui.empty.hidden = this.items.length > 0;
    this.ui.empty.textContent = this.q ? `No songs match “${this.q}”.` : 'No songs yet. Add some on the Upload tab.';
    const from = this.total ? this.page * PAGE_SIZE + 1 : 0;
    const to = Math.min(this.total, (this.page + 1) * PAGE_SIZE);
    this.ui.info.textContent = `${from}–${to} of ${this.total}`;
    this.ui.prev.disabled = this.page === 0;
    this.ui.next.disabled = to >= this.total;
    this.markPlaying();
  }

  markPlaying() {
    const id = this.player.song && this.player.song.id;
    for (const row of this.ui.list.children) {
      row.classList.toggle('playing', row.dataset.id === id);
    }
  }

  showNotice(text) {
    this.ui.notice.hidden = !text;
    this.ui.notice.textContent = text;
  }
}
