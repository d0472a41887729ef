package org.dispotify.data.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where one chunk sits in time and in the file, without its bytes. */
public record ChunkLayout(int index, long startMs, long durationMs, long byteOffset, long byteLength) {

    public long endOffset() {
        return byteOffset + byteLength;
    }

    public boolean holds(long ms) {
        return ms >= startMs && ms < startMs + durationMs;
    }

    /** This chunk's bytes, read from the whole file (an upload or a copy being assembled). Blocking. */
    public byte[] readFrom(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(byteLength));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = byteOffset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException(file.getFileName() + " ended before chunk " + index + " did");
                }
                position += read;
            }
        }
        return buffer.array();
    }
}
