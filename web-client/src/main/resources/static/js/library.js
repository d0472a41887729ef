// The song list: search and sort on the router, rows read block by block as they scroll into view
// and drawn only near the viewport, kept fresh by polling what is on screen while it is visible.

import { el, icon, formatMs, problemText } from './format.js';
import { PagedSource } from './paged-source.js';
import { VirtualList } from './virtual-list.js';

const BLOCK = 200;            // songs per request (the router allows up to 500)
const POLL_MS = 5000;
const QUEUE_BEFORE = 100;     // playing a row queues the loaded rows around it, this many before
const QUEUE_AFTER = 500;      // and this many from it on

export class Library {
  constructor(api, player, downloader, ui) {
    this.api = api;
    this.player = player;
    this.downloader = downloader;
    this.ui = ui;
    this.q = '';
    this.sort = 'title';
    this.visible = false;
    this.source = new PagedSource(this.fetcher(), { blockSize: BLOCK });
    this.list = new VirtualList({
      scroller: ui.scroller,
      host: ui.list,
      render: i => this.row(i),
      onRange: (from, to) => this.source.want(from, to),
    });
    this.wire();
    setInterval(() => {
      if (this.visible && !document.hidden) this.poll();
    }, POLL_MS);
  }

  show() {
    this.visible = true;
    if (this.source.total === null) this.load();
    else this.poll();
  }

  hide() {
    this.visible = false;
  }

  wire() {
    let debounce = null;
    this.ui.search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        this.q = this.ui.search.value.trim();
        this.load();
      }, 200);
    });
    this.ui.sort.addEventListener('change', () => {
      this.sort = this.ui.sort.value;
      this.load();
    });
    this.source.addEventListener('change', e => this.arrived(e.detail));
    this.source.addEventListener('error', e => this.failed(e.detail));
    this.player.addEventListener('change', e => {
      if (e.detail === 'song') this.markPlaying();
      if (e.detail === 'need-song') this.playFrom(0);
    });
  }

  fetcher() {
    const params = new URLSearchParams({ sort: this.sort });
    if (this.q) params.set('q', this.q);
    return (page, size) => this.api.json(`/api/songs?${params}&page=${page}&size=${size}`);
  }

  /** Another query or order: from the top. The rows on screen stay until the new ones arrive. */
  load() {
    this.source.reset(this.fetcher());
    this.ui.scroller.scrollTop = 0;
    return this.source.want(0, BLOCK);
  }

  poll() {
    const [from, to] = this.list.visibleRange;
    this.source.refresh(from, Math.max(to, 1));
  }

  arrived({ totalChanged }) {
    this.showNotice('');
    const total = this.source.total || 0;
    this.list.setCount(total);
    this.list.refresh();
    if (totalChanged) this.source.want(...this.list.visibleRange);
    this.ui.count.textContent = `${total.toLocaleString()} song${total === 1 ? '' : 's'}`;
    this.ui.empty.hidden = total > 0;
    this.ui.empty.textContent = this.q ? `No songs match “${this.q}”.` : 'No songs yet. Add some on the Upload tab.';
  }

  failed(error) {
    this.showNotice(problemText(error));
    if (error.status === 503) {
      this.source.reset(this.fetcher());
      this.list.setCount(0);
      this.ui.count.textContent = '';
    }
  }

  /** Plays row i, with the loaded rows around it as the queue. */
  playFrom(index) {
    if (this.source.get(index) === undefined) return;
    const { items, offset } = this.source.around(index, QUEUE_BEFORE, QUEUE_AFTER);
    this.player.setQueue(items, offset);
  }

  row(i) {
    const song = this.source.get(i);
    if (!song) {
      return el('div', { class: 'song-row loading', role: 'listitem', dataset: { index: i } },
        el('div', { class: 'c-num' }, i + 1), el('div', { class: 'c-title' }, el('span', { class: 'skeleton' })));
    }
    const copies = song.replicas || 0;
    const playing = this.player.song && this.player.song.id === song.id;
    return el('div', { class: `song-row${playing ? ' playing' : ''}`, role: 'listitem', dataset: { id: song.id, index: i },
      ondblclick: () => this.playFrom(i) },
    el('div', { class: 'c-num' },
      el('span', { class: 'n' }, i + 1),
      el('button', { class: 'row-play', title: 'Play', 'aria-label': `Play ${song.title}`, onclick: () => this.playFrom(i) }, icon('play'))),
    el('div', { class: 'c-title' },
      el('div', { class: 'title' }, song.title || 'Untitled'),
      el('div', { class: 'sub artist' }, song.artist || 'Unknown artist')),
    el('div', { class: 'c-album' }, song.album || ''),
    el('div', { class: 'c-genre' }, song.genre || ''),
    el('div', { class: 'c-copies' }, el('span', { class: copies < 2 ? 'pill low' : 'pill', title: `${copies} live cop${copies === 1 ? 'y' : 'ies'}` }, copies)),
    el('div', { class: 'c-time' }, formatMs(song.durationMs)),
    el('div', { class: 'c-actions' },
      el('button', { class: 'icon-btn add', title: 'Add to queue', 'aria-label': `Add ${song.title} to the queue`, onclick: () => this.player.enqueue(song) }, icon('plus')),
      el('button', { class: 'icon-btn download', title: 'Download', 'aria-label': `Download ${song.title}`, onclick: () => this.downloader.download(song) }, icon('download')),
      el('button', { class: 'icon-btn play', title: 'Play', 'aria-label': `Play ${song.title}`, onclick: () => this.playFrom(i) }, icon('play'))));
  }

  markPlaying() {
    const id = this.player.song && this.player.song.id;
    for (const row of this.ui.list.children) {
      row.classList.toggle('playing', !!id && row.dataset.id === id);
    }
  }

  showNotice(text) {
    this.ui.notice.hidden = !text;
    this.ui.notice.textContent = text;
  }
}
