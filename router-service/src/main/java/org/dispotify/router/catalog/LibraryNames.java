package org.dispotify.router.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as the library compares them, and the ids derived from them. Two spellings that differ only
 * in case, surrounding or repeated white space, or Unicode compatibility forms ("ﬁ" and "fi", full-width
 * letters) are one name. An id is the first 128 bits of the SHA-256 of the normalised name(s), in hex:
 * stable across routers and restarts, and 32 characters, so it is never confused with a song id (64).
 */
final class LibraryNames {

    static final String VARIOUS_ARTISTS = "Various Artists";
    /** What data nodes store when a file has no artist or album tag (data role, SongTagging). */
    static final String UNKNOWN_ARTIST = "Unknown artist";
    static final String UNKNOWN_ALBUM = "Unknown album";
    static final String UNKNOWN_GENRE = "Unknown genre";
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private LibraryNames() {
    }

    static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        return SPACES.matcher(folded.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    static String artistId(String artist) {
        return hash("artist\u0000" + normalise(artist));
    }

    /** An album is its album artist's album of that name. */
    static String albumId(String albumArtist, String album) {
        return hash("album\u0000" + normalise(albumArtist) + "\u0000" + normalise(album));
    }

    static boolean isUnknownAlbum(String album) {
        return album == null || album.isBlank() || normalise(album).equals(normalise(UNKNOWN_ALBUM));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
