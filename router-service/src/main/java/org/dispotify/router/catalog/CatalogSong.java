package org.dispotify.router.catalog;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.nodes.Song;

/**
 * A song of the merged catalog with the live data nodes that list it. Lower-cased keys are
 * computed once per snapshot so sorting and searching do no per-request string work.
 */
record CatalogSong(Song song, List<Member> holders, long firstSeen,
                   String titleKey, String artistKey, String albumKey, String haystack) {

    static CatalogSong of(Song song, List<Member> holders, long firstSeen) {
        String title = key(song.title());
        String artist = key(song.artist());
        String album = key(song.album());
        String haystack = Stream.of(title, artist, album, key(song.genre()))
                .collect(Collectors.joining("\u0000"));
        return new CatalogSong(song, List.copyOf(holders), firstSeen, title, artist, album, haystack);
    }

    int replicas() {
        return holders.size();
    }

    int trackKey() {
        return song.track() == null ? Integer.MAX_VALUE : song.track();
    }

    /** Plain substring match: no pattern language, so SQL or regex characters mean themselves. */
    boolean matches(String needle) {
        return haystack.contains(needle);
    }

    static String key(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
