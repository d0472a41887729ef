package org.dispotify.data.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tags appended after the audio (ID3v1, APEv2, Lyrics3v2). They belong to the last chunk; the
 * parsers stop where they begin.
 */
final class Trailers {

    private static final int ID3V1 = 128;
    private static final byte[] TAG = "TAG".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] APE = "APETAGEX".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LYRICS = "LYRICS200".getBytes(StandardCharsets.ISO_8859_1);

    private Trailers() {
    }

    /** Where the trailing tags begin (the file size when there are none); {@code floor} bounds it below. */
    static long audioEnd(FileInput in, long floor) throws IOException {
        long end = in.size();
        for (int round = 0; round < 4; round++) {
            long before = end;
            if (end - ID3V1 >= floor && in.startsWith(end - ID3V1, TAG)) {
                end -= ID3V1;
            }
            if (end - 32 >= floor && in.startsWith(end - 32, APE)) {
                int i = in.ensure(end - 32, 32);
                byte[] b = in.buffer();
                long size = le32(b, i + 12);
                boolean hasHeader = (b[i + 23] & 0x80) != 0;
                long total = size + (hasHeader ? 32 : 0);
                if (total >= 32 && end - total >= floor) {
                    end -= total;
                }
            }
            if (end - 15 >= floor && in.startsWith(end - 9, LYRICS)) {
                long size = digits(in, end - 15, 6);
                if (size > 0 && end - 15 - size >= floor) {
                    end -= 15 + size;
                }
            }
            if (end == before) {
                break;
            }
        }
        return end;
    }

    /** Reads an ID3v1 tag at the end of the file, if there is one. */
    static void readId3v1(FileInput in, TagCollector tags) throws IOException {
        long pos = in.size() - ID3V1;
        if (pos < 0 || !in.startsWith(pos, TAG)) {
            return;
        }
        byte[] b = new byte[ID3V1];
        in.read(pos, b, 0, ID3V1);
        tags.title(latin1(b, 3, 30));
        tags.artist(latin1(b, 33, 30));
        tags.album(latin1(b, 63, 30));
        tags.year(latin1(b, 93, 4));
        if (b[125] == 0 && b[126] != 0) {
            tags.track(Integer.toString(b[126] & 0xFF));
        }
        int genre = b[127] & 0xFF;
        if (genre != 0xFF) {
            tags.genre(Integer.toString(genre));
        }
    }

    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static long digits(FileInput in, long pos, int n) throws IOException {
        long v = 0;
        for (int k = 0; k < n; k++) {
            int c = in.u8(pos + k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | ((b[i + 1] & 0xFFL) << 8) | ((b[i + 2] & 0xFFL) << 16) | ((b[i + 3] & 0xFFL) << 24);
    }
}
