package org.dispotify.data.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a Vorbis comment block (FLAC VORBIS_COMMENT, Ogg Vorbis and OpusTags packets) from a stream;
 * long entries (embedded pictures) are skipped, never buffered.
 */
final class VorbisComments {

    private static final int MAX_ENTRY = 64 * 1024;

    private VorbisComments() {
    }

    /** Malformed or cut-short blocks keep the entries read so far. */
    static void read(InputStream in, TagCollector tags) throws IOException {
        try {
            long vendor = le32(in);
            in.skipNBytes(vendor);
            long count = le32(in);
            for (long k = 0; k < count; k++) {
                long len = le32(in);
                if (len > MAX_ENTRY) {
                    in.skipNBytes(len);
                    continue;
                }
                byte[] entry = in.readNBytes((int) len);
                if (entry.length < len) {
                    return;
                }
                apply(new String(entry, StandardCharsets.UTF_8), tags);
            }
        } catch (EOFException e) {
            // cut short: keep what was read
        }
    }

    private static void apply(String entry, TagCollector tags) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String value = entry.substring(eq + 1);
        switch (entry.substring(0, eq).toUpperCase(Locale.ROOT)) {
            case "TITLE" -> tags.title(value);
            case "ARTIST" -> tags.artist(value);
            case "ALBUM" -> tags.album(value);
            case "GENRE" -> tags.genre(value);
            case "DATE", "YEAR" -> tags.year(value);
            case "TRACKNUMBER" -> tags.track(value);
            default -> {
            }
        }
    }

    private static long le32(InputStream in) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new EOFException();
        }
        return Trailers.le32(b, 0);
    }
}
