package org.dispotify.data.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a FLAC PICTURE block body (also what Vorbis comments carry, base64-encoded, as
 * METADATA_BLOCK_PICTURE): type, MIME type, description, dimensions, then the picture's bytes. Lengths
 * come from the file, so each is bounded before anything is allocated.
 */
final class FlacPicture {

    private static final int MAX_TEXT = 64 * 1024;

    private FlacPicture() {
    }

    /** Hands the picture to {@code tags}; a malformed or oversized block is skipped, never an error. */
    static void read(InputStream in, TagCollector tags) throws IOException {
        try {
            int type = (int) be32(in);
            long mimeLength = be32(in);
            if (mimeLength > MAX_TEXT) {
                return;
            }
            String mime = new String(readN(in, (int) mimeLength), StandardCharsets.US_ASCII);
            long descriptionLength = be32(in);
            if (descriptionLength > MAX_TEXT) {
                return;
            }
            in.skipNBytes(descriptionLength + 16); // description; width, height, depth, colours (the bytes decide)
            long length = be32(in);
            if (length == 0 || length > TagCollector.MAX_PICTURE) {
                return;
            }
            tags.picture(new EmbeddedPicture(type, mime, readN(in, (int) length)));
        } catch (EOFException e) {
            // cut short: no picture
        }
    }

    private static long be32(InputStream in) throws IOException {
        byte[] b = readN(in, 4);
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        return b;
    }
}
