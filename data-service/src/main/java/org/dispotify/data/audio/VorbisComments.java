package org.dispotify.data.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads a Vorbis comment block (FLAC VORBIS_COMMENT, Ogg Vorbis and OpusTags packets) from a stream.
 * Long entries are skipped, never buffered, except a METADATA_BLOCK_PICTURE (a base64 FLAC picture
 * block), which is decoded as it streams.
 */
final class VorbisComments {

    private static final int MAX_ENTRY = 64 * 1024;
    private static final String PICTURE_KEY = "METADATA_BLOCK_PICTURE=";
    /** Base64 of the largest picture kept, plus room for the block's header fields. */
    private static final long MAX_PICTURE_ENTRY = (TagCollector.MAX_PICTURE + 64L * 1024) * 4 / 3 + PICTURE_KEY.length();

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
                    longEntry(in, len, tags);
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

    /** An entry too long to hold as text: a picture is decoded as it streams, anything else skipped. */
    private static void longEntry(InputStream in, long len, TagCollector tags) throws IOException {
        byte[] key = in.readNBytes(PICTURE_KEY.length());
        if (key.length < PICTURE_KEY.length()) {
            throw new EOFException();
        }
        long rest = len - key.length;
        if (!isPictureKey(key) || len > MAX_PICTURE_ENTRY || !tags.wantsPicture()) {
            in.skipNBytes(rest);
            return;
        }
        BoundedInputStream value = new BoundedInputStream(in, rest);
        try {
            FlacPicture.read(Base64.getMimeDecoder().wrap(value), tags);
        } catch (IOException | IllegalArgumentException e) {
            // not base64 after all (the decoder says so with an IOException): no picture; a real read
            // error shows again when the rest is skipped
        }
        in.skipNBytes(value.remaining());
    }

    private static boolean isPictureKey(byte[] key) {
        return new String(key, StandardCharsets.US_ASCII).equalsIgnoreCase(PICTURE_KEY);
    }

    private static void apply(String entry, TagCollector tags) throws IOException {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String value = entry.substring(eq + 1);
        String key = entry.substring(0, eq).toUpperCase(Locale.ROOT);
        if (key.equals("METADATA_BLOCK_PICTURE")) {
            if (tags.wantsPicture()) {
                try {
                    FlacPicture.read(new java.io.ByteArrayInputStream(Base64.getMimeDecoder().decode(value)), tags);
                } catch (IllegalArgumentException e) {
                    // not base64: no picture
                }
            }
            return;
        }
        switch (key) {
            case "TITLE" -> tags.title(value);
            case "ARTIST" -> tags.artist(value);
            case "ALBUM" -> tags.album(value);
            case "GENRE" -> tags.genre(value);
            case "DATE", "YEAR" -> tags.year(value);
            case "TRACKNUMBER" -> tags.track(value);
            case "ALBUMARTIST", "ALBUM ARTIST", "ALBUM_ARTIST" -> tags.albumArtist(value);
            case "DISCNUMBER", "DISC" -> tags.disc(value);
            case "COMPILATION" -> tags.compilation(value);
            default -> {
            }
        }
    }

    /** At most {@code limit} bytes of the underlying stream; counts what is left unread. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        long remaining() {
            return remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
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
