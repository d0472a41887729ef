// Cover art that never shows a broken image: a placeholder of our own (a gradient picked from the
// name, and its first letter) sits under the picture, and stays when there is no picture: the item
// says hasCover: false (or does not say, as before the library API), or the router answers 404.

import { el } from './format.js';

/** The song's own cover, scaled on the router; null when the song has none (or does not say). */
export function songCoverUrl(base, song, size) {
  return song && song.hasCover === true ? `${base}/api/songs/${encodeURIComponent(song.id)}/cover?size=${size}` : null;
}

/** An album's cover, scaled on the router; null when it has none. */
export function albumCoverUrl(base, album, size) {
  return album && album.hasCover === true ? `${base}/api/albums/${encodeURIComponent(album.id)}/cover?size=${size}` : null;
}

/** A new cover element: `<div class="cover {kind}">`, sized by CSS. */
export function cover({ url, name, kind = '' }) {
  const node = el('div', { class: `cover ${kind}`.trim(), 'aria-hidden': 'true' });
  setCover(node, { url, name });
  return node;
}

/** Shows another picture (or just the placeholder) in an existing cover element. */
export function setCover(node, { url, name }) {
  const label = (name || '').trim();
  node.style.setProperty('--hue', String(hue(label)));
  node.dataset.letter = label ? [...label][0].toUpperCase() : '♪';
  const old = node.querySelector('img');
  if (old && old.getAttribute('src') === url) return;
  if (old) old.remove();
  node.classList.remove('loaded');
  if (!url) return;
  const img = el('img', { alt: '', decoding: 'async', loading: 'lazy', draggable: 'false' });
  img.addEventListener('load', () => node.classList.add('loaded'));
  img.addEventListener('error', () => img.remove()); // 404, or not an image: the placeholder stays
  img.src = url;
  node.append(img);
}

/** A stable hue per name, so one album keeps its colour everywhere. */
function hue(text) {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return h % 360;
}
