package org.dispotify.router.catalog;

import java.util.List;

/** One artist of the library: the list answer, the albums for the detail answer, and the search key. */
record LibraryArtist(ArtistSummary summary, List<AlbumSummary> albums, String nameKey) {
}
