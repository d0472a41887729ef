package org.dispotify.node.harness.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.workload.SongFiles.SongFile;
import org.dispotify.node.local.SongUploader;

/**
 * Song files uploaded through a cluster's routers, several at once, by the client a user runs:
 * {@code ./dispotify upload}'s {@link SongUploader}, which sends each file's SHA-256, resolves the
 * routers afresh for every try, moves on from a router it cannot reach, and asks again after a
 * backoff that honours Retry-After when the cluster says "later". Each thread uploads one new song
 * after another until {@link #stop(Duration)}, the song budget or the time limit. A song acknowledged
 * under its SHA-256 is deleted from disk (its SHA-256 is what a check needs); one not stored stays.
 */
public final class PoliteUploads implements AutoCloseable {

    /**
     * One song's upload.
     *
     * @param start        System.nanoTime() before the upload's first try
     * @param end          System.nanoTime() after its last
     * @param acknowledged the cluster answered 200/201 naming the song by the id its SHA-256 gives
     * @param tries        attempts the uploader made (1 when the first one was answered for good)
     * @param log          what the uploader printed
     */
    public record Upload(SongFile song, long start, long end, boolean acknowledged, int tries, String log) {

        /** Under way at {@code nanos} (System.nanoTime()). */
        public boolean spans(long nanos) {
            return start <= nanos && end >= nanos;
        }
    }

    private final Routers routers;
    private final LongFunction<SongFile> songs;
    private final int threads;
    private final long maxSongs;
    private final Duration maxDuration;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    /**
     * @param songs the song for the n-th upload (n from 1), written when it is its turn
     */
    public PoliteUploads(Cluster cluster, LongFunction<SongFile> songs, int threads, long maxSongs, Duration maxDuration) {
        this.routers = Routers.of(cluster);
        this.songs = songs;
        this.threads = threads;
        this.maxSongs = maxSongs;
        this.maxDuration = maxDuration;
    }

    public synchronized void start() {
        pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                for (long n = next.incrementAndGet(); n <= maxSongs && !stop.get() && System.nanoTime() < deadline;
                        n = next.incrementAndGet()) {
                    uploads.add(upload(songs.apply(n)));
                }
            }));
        }
    }

    /** The uploads finished so far. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /**
     * True while the threads upload; an {@link AssertionError} once they have stopped by themselves (the
     * song budget or the time limit used up), so that a test waiting for more uploads fails at once.
     */
    public boolean stillUploading() {
        if (!stop.get() && running.stream().allMatch(Future::isDone)) {
            for (Future<?> thread : running) {
                try {
                    thread.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("an upload thread failed after " + uploads.size() + " uploads", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new AssertionError("the uploads ended by themselves (budget of " + maxSongs + " songs or " + maxDuration
                    + " used up) after " + uploads.size());
        }
        return true;
    }

    public long acknowledged() {
        return uploads.stream().filter(Upload::acknowledged).count();
    }

    /** No new uploads; waits (at most {@code limit}) for those under way to end, their retries included. */
    public synchronized List<Upload> stop(Duration limit) {
        stop.set(true);
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            for (Future<?> thread : running) {
                thread.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("uploads under way did not end within " + limit + ": " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return uploads();
    }

    /** Ends at once (a test that failed): uploads under way are interrupted. */
    @Override
    public synchronized void close() {
        stop.set(true);
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private Upload upload(SongFile song) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        SongUploader uploader = new SongUploader(this::targets, Optional.empty(), out, false);
        long start = System.nanoTime();
        int failed = uploader.uploadAll(List.of(song.file()), Map.of());
        long end = System.nanoTime();
        String log = printed.toString(StandardCharsets.UTF_8).strip();
        // "✓ name → <first 12 of the id> ...": the cluster's id for the song must be the sent bytes' SHA-256.
        boolean rightId = log.lines().anyMatch(line -> line.startsWith("✓ ")
                && line.contains(" → " + song.sha256().substring(0, 12) + " "));
        int tries = 1 + (int) log.lines().filter(line -> line.startsWith("… ")).count();
        boolean acknowledged = failed == 0 && rightId;
        if (acknowledged) {
            delete(song); // its SHA-256 is all a check needs now; a song not stored stays for a look
        }
        return new Upload(song, start, end, acknowledged, tries, log);
    }

    private static void delete(SongFile song) {
        try {
            Files.deleteIfExists(song.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<URI> targets() {
        return routers.resolve().stream().map(pick -> pick.uri().resolve("/api/songs")).toList();
    }
}
