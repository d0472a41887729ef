package org.dispotify.router.catalog;

import java.util.List;
import java.util.Locale;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.nodes.Song;

/**
 * A song of the merged catalog with the live data nodes that list it. Lower-cased keys are
 * computed once per snapshot so sorting and searching do no per-request string work; the keys of
 * names many songs share (artist, album, genre) are shared strings, as the names are.
 */
record CatalogSong(Song song, List<Member> holders, long firstSeen,
                   String titleKey, String artistKey, String albumKey, String genreKey, Placement placement) {

    /** A song not yet placed in the library (the snapshot places every song: {@link AlbumGrouping}). */
    static CatalogSong of(Song song, List<Member> holders, long firstSeen) {
        return new CatalogSong(song, holders, firstSeen, key(song.title()), sharedKey(song.artist()),
                sharedKey(song.album()), sharedKey(song.genre()), null);
    }

    CatalogSong placed(Placement where) {
        return new CatalogSong(song, holders, firstSeen, titleKey, artistKey, albumKey, genreKey, where);
    }

    int discKey() {
        return song.disc() == null ? 1 : song.disc();
    }

    int replicas() {
        return holders.size();
    }

    int trackKey() {
        return song.track() == null ? Integer.MAX_VALUE : song.track();
    }

    /** Plain substring match: no pattern language, so SQL or regex characters mean themselves. */
    boolean matches(String needle) {
        return titleKey.contains(needle) || artistKey.contains(needle)
                || albumKey.contains(needle) || genreKey.contains(needle);
    }

    /** The searched keys, one by one (a match never spans two of them). */
    List<String> keys() {
        return List.of(titleKey, artistKey, albumKey, genreKey);
    }

    static String key(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String sharedKey(String value) {
        return SongCanon.shared(key(value));
    }
}
