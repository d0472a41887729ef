package org.dispotify.ring.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes a request body to a file as it arrives, and says how many bytes it wrote and their SHA-256.
 *
 * <p>Each buffer is copied out and released on the thread that delivers it, and the copies are hashed
 * and written, in order, on a bounded scheduler. So no network buffer is still referenced while a
 * file write is under way: a pooled buffer that some other code released once too often, and that
 * the pool handed to another request, could otherwise end up in this file in place of the bytes that
 * arrived. Hashing the copies that are written (not the network buffers) makes the digest the digest
 * of the file. At most {@value #IN_FLIGHT} copies wait for the disk, so a slow disk slows the sender.
 */
public final class BodySpool {

    static final int IN_FLIGHT = 16;

    private BodySpool() {
    }

    /** What was written. */
    public record Spooled(long bytes, String sha256) {
    }

    /**
     * Writes {@code body} to {@code file} (created or truncated). Fails as the body fails; the caller
     * deletes the file then.
     */
    public static Mono<Spooled> write(Flux<DataBuffer> body, Path file, Scheduler io) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)).subscribeOn(io),
                channel -> body.map(BodySpool::copyAndRelease)
                        .publishOn(io, IN_FLIGHT)
                        .reduceWith(Progress::new, (progress, bytes) -> progress.write(channel, bytes))
                        .map(Progress::spooled),
                channel -> Mono.fromCallable(() -> {
                    channel.close();
                    return channel;
                }).subscribeOn(io));
    }

    private static byte[] copyAndRelease(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Runs on one io worker at a time (publishOn), so it needs no locking. */
    private static final class Progress {

        private final MessageDigest digest = sha256();
        private long bytes;

        Progress write(FileChannel channel, byte[] chunk) {
            ByteBuffer source = ByteBuffer.wrap(chunk);
            try {
                while (source.hasRemaining()) {
                    channel.write(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            digest.update(chunk);
            bytes += chunk.length;
            return this;
        }

        Spooled spooled() {
            return new Spooled(bytes, HexFormat.of().formatHex(digest.digest()));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
