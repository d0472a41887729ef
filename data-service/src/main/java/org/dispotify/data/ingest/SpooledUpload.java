package org.dispotify.data.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.dispotify.data.store.ChunkLayout;
import org.dispotify.data.store.Sha256;

/**
 * An uploaded file written to a temp file, with its SHA-256 and size, the form's text fields, and the
 * bytes of its {@code cover} part (null when it had none).
 */
record SpooledUpload(Path file, String sha256, long size, String filename, Map<String, String> fields, byte[] cover) {

    SpooledUpload {
        fields = Map.copyOf(fields);
    }

    SpooledUpload(Path file, String sha256, long size, String filename, Map<String, String> fields) {
        this(file, sha256, size, filename, fields, null);
    }

    byte[] read(ChunkLayout chunk) throws IOException {
        return chunk.readFrom(file);
    }

    /** Whether the file on disk still hashes to what arrived (read in full: call it on the io scheduler). */
    boolean intact() {
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return false;
        }
        return Sha256.hex(digest).equals(sha256);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is removed at the next start.
        }
    }
}
