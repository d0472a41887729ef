package org.dispotify.data.audio;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Reads the text frames Dispotify needs from an ID3v2.2/2.3/2.4 tag, and its pictures (APIC, PIC),
 * streaming: frames it does not need (lyrics, private data, pictures once a front cover is found)
 * are skipped, never buffered; no text frame larger than {@link #MAX_TEXT} and no picture larger
 * than {@link TagCollector#MAX_PICTURE} is read into memory.
 */
final class Id3v2Reader {

    static final int HEADER = 10;
    private static final int MAX_TEXT = 64 * 1024;

    private Id3v2Reader() {
    }

    /** The whole tag's length (header, body, footer) if an ID3v2 header starts at {@code pos}, else -1. */
    static long tagLength(FileInput in, long pos) throws IOException {
        int i = in.ensure(pos, HEADER);
        if (i < 0) {
            return -1;
        }
        byte[] b = in.buffer();
        if (b[i] != 'I' || b[i + 1] != 'D' || b[i + 2] != '3') {
            return -1;
        }
        int major = b[i + 3] & 0xFF;
        if (major < 2 || major > 4 || (b[i + 4] & 0xFF) == 0xFF) {
            return -1;
        }
        long size = 0;
        for (int k = 6; k < 10; k++) {
            int v = b[i + k] & 0xFF;
            if (v >= 0x80) {
                return -1;
            }
            size = (size << 7) | v;
        }
        boolean footer = major == 4 && (b[i + 5] & 0x10) != 0;
        return HEADER + size + (footer ? HEADER : 0);
    }

    /** Reads the tag at {@code pos}; malformed frames end the reading, never the analysis. */
    static void read(FileInput in, long pos, TagCollector tags) throws IOException {
        long length = tagLength(in, pos);
        if (length < 0) {
            return;
        }
        int major = in.u8(pos + 3);
        int flags = in.u8(pos + 5);
        long bodyLength = Math.min(length - HEADER, in.size() - pos - HEADER);
        InputStream body = in.stream(pos + HEADER, bodyLength);
        if (major < 4 && (flags & 0x80) != 0) {
            body = new Unsynchronizing(body);
        }
        try {
            readFrames(body, major, flags, bodyLength, tags);
        } catch (EOFException e) {
            // a tag cut short keeps the frames read so far
        }
    }

    private static void readFrames(InputStream body, int major, int flags, long remaining, TagCollector tags)
            throws IOException {
        if ((flags & 0x40) != 0 && major >= 3) {
            byte[] ext = readN(body, 4);
            long extSize = major == 4 ? syncsafe(ext) - 4 : be32(ext);
            skip(body, extSize);
            remaining -= 4 + extSize;
        }
        int idLength = major == 2 ? 3 : 4;
        int headerLength = major == 2 ? 6 : 10;
        while (remaining >= headerLength) {
            byte[] h = readN(body, headerLength);
            remaining -= headerLength;
            if (h[0] == 0) {
                return; // padding
            }
            String id = new String(h, 0, idLength, StandardCharsets.ISO_8859_1);
            long size;
            int formatFlags = 0;
            if (major == 2) {
                size = ((h[3] & 0xFFL) << 16) | ((h[4] & 0xFF) << 8) | (h[5] & 0xFF);
            } else {
                byte[] s = {h[4], h[5], h[6], h[7]};
                size = major == 4 ? syncsafe(s) : be32(s);
                formatFlags = h[9] & 0xFF;
            }
            if (size < 0 || size > remaining) {
                return;
            }
            remaining -= size;
            Field field = field(id);
            long limit = field == Field.PICTURE ? TagCollector.MAX_PICTURE : MAX_TEXT;
            if (field == null || size > limit || !readable(major, formatFlags)
                    || (field == Field.PICTURE && !tags.wantsPicture())) {
                skip(body, size);
                continue;
            }
            byte[] data = readN(body, (int) size);
            int start = 0;
            if (major == 3 && (formatFlags & 0x20) != 0) {
                start += 1; // group id
            }
            if (major == 4) {
                if ((formatFlags & 0x40) != 0) {
                    start += 1;
                }
                if ((formatFlags & 0x01) != 0) {
                    start += 4; // data length indicator
                }
                if ((formatFlags & 0x02) != 0) {
                    data = unsynchronize(data);
                }
            }
            if (field == Field.PICTURE) {
                tags.picture(Id3Picture.parse(data, start, major == 2));
            } else if (start < data.length) {
                field.apply(tags, text(data, start));
            }
        }
    }

    private static boolean readable(int major, int formatFlags) {
        if (major == 3) {
            return (formatFlags & 0xC0) == 0; // not compressed, not encrypted
        }
        if (major == 4) {
            return (formatFlags & 0x0C) == 0;
        }
        return true;
    }

    private enum Field {
        TITLE, ARTIST, ALBUM, GENRE, YEAR, TRACK, ALBUM_ARTIST, DISC, COMPILATION, PICTURE;

        void apply(TagCollector tags, String value) {
            switch (this) {
                case TITLE -> tags.title(value);
                case ARTIST -> tags.artist(value);
                case ALBUM -> tags.album(value);
                case GENRE -> tags.genre(value);
                case YEAR -> tags.year(value);
                case TRACK -> tags.track(value);
                case ALBUM_ARTIST -> tags.albumArtist(value);
                case DISC -> tags.disc(value);
                case COMPILATION -> tags.compilation(value);
                case PICTURE -> throw new IllegalStateException("pictures are not text");
            }
        }
    }

    private static Field field(String id) {
        return switch (id) {
            case "TIT2", "TT2" -> Field.TITLE;
            case "TPE1", "TP1" -> Field.ARTIST;
            case "TALB", "TAL" -> Field.ALBUM;
            case "TCON", "TCO" -> Field.GENRE;
            case "TYER", "TDRC", "TYE", "TDRL", "TORY", "TDOR" -> Field.YEAR;
            case "TRCK", "TRK" -> Field.TRACK;
            case "TPE2", "TP2" -> Field.ALBUM_ARTIST;
            case "TPOS", "TPA" -> Field.DISC;
            case "TCMP", "TCP" -> Field.COMPILATION;
            case "APIC", "PIC" -> Field.PICTURE;
            default -> null;
        };
    }

    /** Decodes a text frame (encoding byte, then text); of several NUL-separated values the first. */
    static String text(byte[] data, int start) {
        if (start >= data.length) {
            return null;
        }
        int encoding = data[start] & 0xFF;
        int from = start + 1;
        int len = data.length - from;
        Charset cs;
        switch (encoding) {
            case 0 -> cs = StandardCharsets.ISO_8859_1;
            case 1 -> cs = StandardCharsets.UTF_16; // BOM decides the byte order
            case 2 -> cs = StandardCharsets.UTF_16BE;
            case 3 -> cs = StandardCharsets.UTF_8;
            default -> {
                return null;
            }
        }
        if (encoding == 1 || encoding == 2) {
            len &= ~1;
            for (int k = from; k + 1 < from + len; k += 2) {
                if (data[k] == 0 && data[k + 1] == 0) {
                    len = k - from;
                    break;
                }
            }
            if (encoding == 1 && len >= 2 && !(isBom(data[from], data[from + 1]))) {
                cs = StandardCharsets.UTF_16LE; // a missing BOM: most writers mean little-endian
            }
        } else {
            for (int k = from; k < from + len; k++) {
                if (data[k] == 0) {
                    len = k - from;
                    break;
                }
            }
        }
        return new String(data, from, len, cs);
    }

    private static boolean isBom(byte a, byte b) {
        return (a == (byte) 0xFF && b == (byte) 0xFE) || (a == (byte) 0xFE && b == (byte) 0xFF);
    }

    private static byte[] unsynchronize(byte[] data) throws IOException {
        return new Unsynchronizing(new ByteArrayInputStream(data)).readAllBytes();
    }

    private static long syncsafe(byte[] b) {
        return ((b[0] & 0x7FL) << 21) | ((b[1] & 0x7F) << 14) | ((b[2] & 0x7F) << 7) | (b[3] & 0x7F);
    }

    private static long be32(byte[] b) {
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        return b;
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (n < 0) {
            throw new EOFException();
        }
        in.skipNBytes(n);
    }

    /** Undoes ID3 unsynchronisation: drops the 0x00 stuffed after every 0xFF. */
    private static final class Unsynchronizing extends FilterInputStream {
        private int previous = -1;

        Unsynchronizing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (previous == 0xFF && b == 0) {
                b = super.read();
            }
            previous = b;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = 0;
            while (k < n && read() >= 0) {
                k++;
            }
            return k;
        }
    }
}
