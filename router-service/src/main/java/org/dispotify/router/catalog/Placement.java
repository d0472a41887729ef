package org.dispotify.router.catalog;

/**
 * Where a song sits in the library: the album artist shown for it, its (track) artist's id and its
 * album's id. Shared by every song with the same album and artist.
 */
record Placement(String albumArtist, String artistId, String albumId, String albumArtistId) {
}
