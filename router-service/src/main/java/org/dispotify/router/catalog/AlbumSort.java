package org.dispotify.router.catalog;

import java.util.Comparator;
import java.util.Locale;

import org.dispotify.router.system.RouterProblems;

/** The orders of {@code GET /api/albums}; ties fall back to the next natural key, then the id. */
enum AlbumSort {
    NAME(Comparator.comparing(LibraryAlbum::nameKey).thenComparing(LibraryAlbum::artistKey)),
    ARTIST(Comparator.comparing(LibraryAlbum::artistKey).thenComparingInt(LibraryAlbum::yearKey)
            .thenComparing(LibraryAlbum::nameKey)),
    /** Oldest first; albums without a year last. */
    YEAR(Comparator.comparingInt(LibraryAlbum::yearKey).thenComparing(LibraryAlbum::artistKey)
            .thenComparing(LibraryAlbum::nameKey)),
    /** Most recently added first: by when this router first saw the album's newest song. */
    NEWEST(Comparator.comparingLong(LibraryAlbum::newest).reversed().thenComparing(LibraryAlbum::nameKey));

    private final Comparator<LibraryAlbum> order;

    AlbumSort(Comparator<LibraryAlbum> order) {
        this.order = order.thenComparing(album -> album.summary().id());
    }

    Comparator<LibraryAlbum> order() {
        return order;
    }

    static AlbumSort parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RouterProblems.badRequest("sort must be one of name, artist, year, newest; was '" + text + "'.");
        }
    }
}
