package org.dispotify.data.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.dispotify.data.store.ChunkLayout;

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

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is removed at the next start.
        }
    }
}
