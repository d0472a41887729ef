package org.dispotify.data.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.dispotify.data.store.ChunkLayout;

/** An uploaded file written to a temp file, with its SHA-256 and size, and the form's text fields. */
record SpooledUpload(Path file, String sha256, long size, String filename, Map<String, String> fields) {

    SpooledUpload {
        fields = Map.copyOf(fields);
    }

    byte[] read(ChunkLayout chunk) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(chunk.byteLength()));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = chunk.byteOffset();
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException("the upload ended before chunk " + chunk.index() + " did");
                }
                position += read;
            }
        }
        return buffer.array();
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is removed at the next start.
        }
    }
}
