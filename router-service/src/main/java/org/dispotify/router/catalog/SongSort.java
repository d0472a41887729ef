package org.dispotify.router.catalog;

import java.util.Comparator;
import java.util.Locale;

import org.dispotify.router.system.RouterProblems;

/** The orders the catalog can be read in; ties fall back to the next natural key, then the id. */
enum SongSort {
    TITLE(Comparator.comparing(CatalogSong::titleKey)
            .thenComparing(CatalogSong::artistKey)
            .thenComparing(CatalogSong::albumKey)),
    ARTIST(Comparator.comparing(CatalogSong::artistKey)
            .thenComparing(CatalogSong::albumKey)
            .thenComparingInt(CatalogSong::trackKey)
            .thenComparing(CatalogSong::titleKey)),
    ALBUM(Comparator.comparing(CatalogSong::albumKey)
            .thenComparingInt(CatalogSong::trackKey)
            .thenComparing(CatalogSong::titleKey)),
    /** Recently added first: the order in which this router first saw each song. */
    RECENT(Comparator.comparingLong(CatalogSong::firstSeen).reversed()
            .thenComparing(CatalogSong::titleKey));

    private final Comparator<CatalogSong> order;

    SongSort(Comparator<CatalogSong> order) {
        this.order = order.thenComparing(s -> s.song().id());
    }

    Comparator<CatalogSong> order() {
        return order;
    }

    static SongSort parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RouterProblems.badRequest("sort must be one of title, artist, album, recent; was '" + text + "'.");
        }
    }
}
