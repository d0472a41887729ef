package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's wall clock, moved while it runs: the node JVM starts with libfaketime preloaded
 * ({@code LD_PRELOAD}) reading its offset from a file ({@code FAKETIME_TIMESTAMP_FILE}, re-read at
 * most once a second), and only the wall clock is faked ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}):
 * {@code System.currentTimeMillis()} jumps, {@code System.nanoTime()} does not, as when NTP steps a
 * clock. File times stay real ({@code NO_FAKE_STAT}).
 */
public final class ClockSkew {

    /** Where Debian's {@code faketime} package puts the library. */
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"));
    /** How long a changed offset may take to be seen: libfaketime re-reads the file at most this often. */
    public static final Duration REREAD = Duration.ofSeconds(1);

    private final String nodeId;
    private final Path file;
    private volatile Duration offset = Duration.ZERO;

    ClockSkew(String nodeId, Path file) {
        this.nodeId = nodeId;
        this.file = file;
        write(Duration.ZERO);
    }

    /** Where the library is when it is not installed where Debian puts it (e.g. unpacked with {@code dpkg -x}). */
    public static final String LIBRARY_PROPERTY = "dispotify.faults.libfaketime";

    /** The preload library, or empty if {@code faketime} is not installed. */
    static Optional<Path> library() {
        String given = System.getProperty(LIBRARY_PROPERTY, "");
        if (!given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isReadable);
        }
        return LIBRARIES.stream().filter(Files::isReadable).findFirst();
    }

    static Optional<String> unavailable() {
        return library().isPresent() ? Optional.empty()
                : Optional.of("libfaketime is not installed (apt-get install faketime); looked in " + LIBRARIES);
    }

    /** The environment that puts a JVM under this clock. */
    Map<String, String> environment() {
        Path lib = library().orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
        return Map.of("LD_PRELOAD", lib.toString(),
                "FAKETIME_TIMESTAMP_FILE", file.toString(),
                "FAKETIME_CACHE_DURATION", Long.toString(REREAD.toSeconds()),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                // Its fix-up of timed waits on the monotonic clock (not faked here anyway) makes every JVM thread
                // that waits with a timeout spin: an idle JVM burnt 3 CPU-seconds in 15 s with it, 0 without,
                // and five skewed nodes starting at once never got to their first log line in 6 minutes.
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                "NO_FAKE_STAT", "1");
    }

    public String nodeId() {
        return nodeId;
    }

    /** Sets the node's wall clock to real time plus {@code offset} (negative: behind), effective within {@link #REREAD}. */
    public void set(Duration offset) {
        write(offset);
        this.offset = offset;
    }

    public Duration offset() {
        return offset;
    }

    public void reset() {
        set(Duration.ZERO);
    }

    private void write(Duration value) {
        if (value.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("whole seconds only: " + value);
        }
        long seconds = value.toSeconds();
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            // Written aside and renamed, so the library never reads half a line.
            Files.writeString(next, (seconds < 0 ? "" : "+") + seconds + "\n", StandardCharsets.US_ASCII);
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
