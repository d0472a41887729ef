package org.dispotify.data.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.dispotify.data.store.ChunkLayout;

/** An uploaded file written to a temp file, with its SHA-256 and size, and the form's text fields. */
record SpooledUpload(Path file, String sha256, long size, String filename, Map<String, String> fields) {

    SpooledUpload {
        fields = Map.copyOf(fields);
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
