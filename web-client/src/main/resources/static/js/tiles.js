// What the library views share: album tiles (cover, name, artist and year, a play button), the cover
// size to ask the router for, and links to albums and artists.

import { el, icon } from './format.js';
import { albumCoverUrl, cover } from './cover.js';

/** The router scales covers to any size; asking for a few sizes only lets browsers and routers cache them. */
const COVER_SIZES = [64, 128, 256, 384, 512, 768, 1024];

/** The cover size to request for a picture drawn `cssPx` wide on this screen. */
export function coverSize(cssPx) {
  const px = cssPx * (window.devicePixelRatio || 1);
  return COVER_SIZES.find(size => size >= px) || COVER_SIZES[COVER_SIZES.length - 1];
}

export function albumHref(id) {
  return `#album/${encodeURIComponent(id)}`;
}

export function artistHref(id) {
  return `#artist/${encodeURIComponent(id)}`;
}

/** A link to an artist, or plain text when the library gives no id. */
export function artistLink(name, id) {
  const text = name || 'Unknown artist';
  return id ? el('a', { class: 'artist-link', href: artistHref(id) }, text) : el('span', {}, text);
}

/**
 * One album as a tile: the cover and name link to the album's page, the artist to theirs; the play
 * button plays the album from its first track.
 */
export function albumTile(album, { base, size, onPlay, role = 'listitem' }) {
  const name = album.name || 'Unknown album';
  const href = albumHref(album.id);
  return el('div', { class: 'tile', role, dataset: { id: album.id } },
    el('div', { class: 'tile-art' },
      // The name below is the link keyboards and screen readers use; the cover repeats it for the mouse.
      el('a', { class: 'tile-cover-link', href, tabindex: '-1', 'aria-hidden': 'true' },
        cover({ url: albumCoverUrl(base, album, size), name, kind: 'tile-cover' })),
      el('button', { class: 'icon-btn play tile-play', title: 'Play album', 'aria-label': `Play ${name}`, onclick: onPlay }, icon('play'))),
    el('a', { class: 'tile-name', href, title: `${name} by ${album.artist || 'Unknown artist'}` }, name),
    el('div', { class: 'tile-sub' }, artistLink(album.artist, album.artistId), album.year ? ` · ${album.year}` : ''));
}

/** Asks the router for an album with its songs (disc and track order) and plays it. */
export async function playAlbum(api, player, albumId, { shuffle = false } = {}) {
  const album = await api.json(`/api/albums/${encodeURIComponent(albumId)}`);
  if (!album.songs || !album.songs.length) return album;
  if (player.queue.shuffle !== shuffle) player.setShuffle(shuffle);
  player.setQueue(album.songs, shuffle ? Math.floor(Math.random() * album.songs.length) : 0);
  return album;
}
