// The cluster page: the members drawn as a ring, coloured by role and status, polled live.
// Polling also teaches the router client which routers exist, so it can switch to them.

import { el } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const FAST_MS = 2000;
const SLOW_MS = 10000;

export class ClusterView {
  constructor(api, ui) {
    this.api = api;
    this.ui = ui;
    this.visible = false;
    this.members = [];
    this.timer = null;
    this.poll();
  }

  show(visible) {
    this.visible = visible;
    if (visible) this.poll();
  }

  async poll() {
    clearTimeout(this.timer);
    try {
      const cluster = await this.api.json('/api/cluster');
      this.members = cluster.members || [];
      this.api.learn(this.members);
      this.ui.updated.textContent = `Updated ${new Date().toLocaleTimeString()} from ${this.api.base}`;
      this.render();
    } catch (e) {
      this.ui.updated.textContent = `Cluster view unavailable: ${e.message}`;
    }
    this.timer = setTimeout(() => this.poll(), this.visible && !document.hidden ? FAST_MS : SLOW_MS);
  }

  render() {
    if (!this.visible) return;
    const members = ringOrder(this.members);
    const svg = this.ui.ring;
    const size = 520;
    const c = size / 2;
    const r = 190;
    const nodes = [];
    nodes.push(svgEl('circle', { class: 'edge', cx: c, cy: c, r }));
    const self = this.api.base.replace(/^https?:\/\//, '');
    members.forEach((m, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, members.length) - Math.PI / 2;
      const x = c + r * Math.cos(angle);
      const y = c + r * Math.sin(angle);
      const status = (m.status || 'ALIVE').toLowerCase();
      const isSelf = `${m.host}:${m.port}` === self;
      const g = svgEl('g', { class: `member ${m.role} ${status}${isSelf ? ' self' : ''}`, 'data-node': m.nodeId });
      const title = svgEl('title');
      title.textContent = `${m.nodeId} · ${m.role} · ${m.status} · ${m.host}:${m.port}`;
      g.append(title, svgEl('circle', { cx: x, cy: y, r: 30 }));
      const label = svgEl('text', { x, y: y - 1 });
      label.textContent = shortName(m.nodeId);
      const role = svgEl('text', { class: 'role', x, y: y + 13 });
      role.textContent = status === 'alive' ? m.role : `${m.role} · ${status}`;
      g.append(label, role);
      nodes.push(g);
    });
    const data = members.filter(m => m.role === 'data').length;
    const routers = members.filter(m => m.role === 'router').length;
    const center = svgEl('text', { class: 'center', x: c, y: c + 4 });
    center.textContent = `${members.length} node${members.length === 1 ? '' : 's'}`;
    const sub = svgEl('text', { class: 'center-sub', x: c, y: c + 26 });
    sub.textContent = `${data} data · ${routers} router${routers === 1 ? '' : 's'}`;
    nodes.push(center, sub);
    svg.replaceChildren(...nodes);

    this.ui.list.replaceChildren(...members.map(m => el('tr', {},
      el('td', {}, m.nodeId),
      el('td', { class: `role-${m.role}` }, m.role),
      el('td', { class: `status-${(m.status || '').toLowerCase()}` }, m.status),
      el('td', { class: 'muted' }, `${m.host}:${m.port}`))));
  }
}

/** Follows successor links when the view has them; otherwise orders members by node id. */
function ringOrder(members) {
  const byId = new Map(members.map(m => [m.nodeId, m]));
  const sorted = [...members].sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  if (!sorted.length || !sorted.some(m => m.successors && m.successors.length)) return sorted;
  const ordered = [];
  const seen = new Set();
  let current = sorted[0];
  while (current && !seen.has(current.nodeId) && ordered.length < members.length) {
    ordered.push(current);
    seen.add(current.nodeId);
    const next = (current.successors || []).map(id => byId.get(id)).find(m => m && !seen.has(m.nodeId));
    current = next;
  }
  return ordered.concat(sorted.filter(m => !seen.has(m.nodeId)));
}

function shortName(nodeId) {
  return nodeId.length > 10 ? nodeId.slice(0, 9) + '…' : nodeId;
}

function svgEl(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
