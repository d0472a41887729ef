// The queue beside (or, on a phone, over) the list: entries in play order, the current one marked and
// kept in view, click to play one, remove the others. Virtual, as a queue may hold hundreds.

import { el, icon, formatMs } from './format.js';
import { VirtualList } from './virtual-list.js';

export class QueuePanel {
  constructor(player, ui) {
    this.player = player;
    this.queue = player.queue;
    this.ui = ui;
    this.list = new VirtualList({ scroller: ui.scroller, host: ui.list, heightVar: '--q-row-h', render: i => this.row(i) });
    player.addEventListener('change', e => {
      if (e.detail === 'queue' || e.detail === 'song') this.render();
    });
    ui.clear.addEventListener('click', () => player.clearQueue());
    this.render();
  }

  render() {
    const count = this.queue.length;
    this.list.setCount(count);
    this.list.refresh();
    this.ui.empty.hidden = count > 0;
    this.ui.count.textContent = count ? `${count}` : '';
    if (this.queue.pos >= 0) this.list.scrollToIndex(this.queue.pos, { onlyIfHidden: true });
  }

  row(i) {
    const entry = this.queue.entries[i];
    const song = entry.song;
    const current = i === this.queue.pos;
    return el('div', { class: `q-item${current ? ' current' : ''}`, role: 'listitem', dataset: { key: entry.key, id: song.id },
      onclick: () => this.player.playAt(i) },
    el('div', { class: 'q-text' },
      el('div', { class: 'q-title' }, song.title || 'Untitled'),
      el('div', { class: 'q-artist' }, song.artist || '')),
    el('span', { class: 'q-time' }, formatMs(song.durationMs)),
    current ? null : el('button', { class: 'q-remove', title: 'Remove from queue', 'aria-label': `Remove ${song.title} from the queue`,
      onclick: ev => { ev.stopPropagation(); this.player.removeAt(i); } }, icon('x')));
  }
}
