package org.dispotify.data.audio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** Parses the body of an ID3v2 picture frame: APIC (v2.3, v2.4) or PIC (v2.2). */
final class Id3Picture {

    private Id3Picture() {
    }

    /** The picture in {@code data} from {@code start} on, or null when the frame is malformed. */
    static EmbeddedPicture parse(byte[] data, int start, boolean v22) {
        if (start >= data.length) {
            return null;
        }
        int encoding = data[start] & 0xFF;
        int p = start + 1;
        String mime;
        if (v22) {
            if (p + 3 > data.length) {
                return null;
            }
            String format = new String(data, p, 3, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            mime = format.equals("png") ? "image/png" : "image/jpeg";
            p += 3;
        } else {
            int end = p;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            mime = new String(data, p, end - p, StandardCharsets.ISO_8859_1);
            p = end + 1;
        }
        if (p >= data.length) {
            return null;
        }
        int type = data[p++] & 0xFF;
        p = afterDescription(data, p, encoding);
        if (p < 0 || p >= data.length) {
            return null;
        }
        return new EmbeddedPicture(type, mime, Arrays.copyOfRange(data, p, data.length));
    }

    /** Skips the NUL-terminated description: one NUL byte, or two aligned ones in UTF-16. */
    private static int afterDescription(byte[] data, int p, int encoding) {
        if (encoding == 1 || encoding == 2) {
            for (int k = p; k + 1 < data.length; k += 2) {
                if (data[k] == 0 && data[k + 1] == 0) {
                    return k + 2;
                }
            }
            return -1;
        }
        for (int k = p; k < data.length; k++) {
            if (data[k] == 0) {
                return k + 1;
            }
        }
        return -1;
    }
}
