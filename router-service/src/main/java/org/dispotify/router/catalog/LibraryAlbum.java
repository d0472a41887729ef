package org.dispotify.router.catalog;

import java.util.List;

/**
 * One album of the library: its answer, computed once per snapshot, its songs in album order, the song
 * whose cover stands for it (the first with one, or null), and its sort keys.
 */
record LibraryAlbum(AlbumSummary summary, List<CatalogSong> songs, CatalogSong coverSong, long newest,
                    String nameKey, String artistKey, String genreKey) {

    int yearKey() {
        return summary.year() == null ? Integer.MAX_VALUE : summary.year();
    }
}
