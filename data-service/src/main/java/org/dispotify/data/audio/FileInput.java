package org.dispotify.data.audio;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A window of a file held in one fixed buffer, refilled by positional reads. Parsers ask for the
 * bytes at a file position; the file is never loaded whole, and no length field from the file can
 * make this allocate more than its buffer.
 */
final class FileInput implements Closeable {

    /** Large enough for any Ogg page (27 + 255 + 255 * 255 bytes). */
    static final int BUFFER_SIZE = 256 * 1024;

    private final FileChannel channel;
    private final long size;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private final ByteBuffer window = ByteBuffer.wrap(buf);
    private long bufStart;
    private int bufLen;

    FileInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    byte[] buffer() {
        return buf;
    }

    /**
     * Makes the {@code n} bytes at {@code pos} available in {@link #buffer()} and returns the index
     * of the first; -1 when the file holds fewer than {@code n} bytes from {@code pos}.
     */
    int ensure(long pos, int n) throws IOException {
        if (n > buf.length) {
            throw new IllegalArgumentException("window of " + n + " bytes exceeds the buffer");
        }
        if (pos < 0 || n < 0 || pos > size - n) {
            return -1;
        }
        if (pos >= bufStart && pos + n <= bufStart + bufLen) {
            return (int) (pos - bufStart);
        }
        bufStart = pos;
        bufLen = 0;
        int want = (int) Math.min(buf.length, size - pos);
        window.clear().limit(want);
        while (window.hasRemaining()) {
            int read = channel.read(window, pos + window.position());
            if (read < 0) {
                break;
            }
        }
        bufLen = window.position();
        return bufLen >= n ? 0 : -1;
    }

    /** The bytes available in the buffer from {@code pos} on (0 when {@code pos} is not in the window). */
    int availableFrom(long pos) {
        return pos >= bufStart && pos < bufStart + bufLen ? (int) (bufStart + bufLen - pos) : 0;
    }

    int u8(long pos) throws IOException {
        int i = ensure(pos, 1);
        return i < 0 ? -1 : buf[i] & 0xFF;
    }

    /** Copies up to {@code len} bytes at {@code pos}; returns how many the file held. */
    int read(long pos, byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len && pos + done < size) {
            int chunk = (int) Math.min(Math.min(len - done, buf.length), size - pos - done);
            int i = ensure(pos + done, chunk);
            System.arraycopy(buf, i, dst, off + done, chunk);
            done += chunk;
        }
        return done;
    }

    boolean startsWith(long pos, byte[] magic) throws IOException {
        int i = ensure(pos, magic.length);
        if (i < 0) {
            return false;
        }
        for (int k = 0; k < magic.length; k++) {
            if (buf[i + k] != magic[k]) {
                return false;
            }
        }
        return true;
    }

    /** A stream over {@code len} bytes at {@code pos} (cut short at the end of the file). */
    InputStream stream(long pos, long len) {
        long end = Math.min(size, pos + Math.max(0, len));
        return new InputStream() {
            private long at = pos;

            @Override
            public int read() throws IOException {
                if (at >= end) {
                    return -1;
                }
                return u8(at++);
            }

            @Override
            public int read(byte[] b, int off, int n) throws IOException {
                if (n == 0) {
                    return 0;
                }
                if (at >= end) {
                    return -1;
                }
                int count = FileInput.this.read(at, b, off, (int) Math.min(n, end - at));
                at += count;
                return count;
            }

            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, end - at));
                at += skipped;
                return skipped;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
