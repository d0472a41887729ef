package org.dispotify.node.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads files and folders of songs, one after another with a progress bar or a few at a time, each with its folder's
 * cover image if it has one ({@link FolderCovers}) and its SHA-256, so that only these bytes can be
 * stored. A target that cannot be reached is replaced by the next one, and a cluster that answers
 * "later" (503 busy or switching roles, 429, timeouts, bytes damaged on the way) is asked again after a
 * backoff that honours its Retry-After: an upload is idempotent, the same bytes are the same song.
 */
public final class SongUploader {

    private static final Set<String> AUDIO_EXTENSIONS = Set.of("mp3", "flac", "ogg", "oga", "opus", "wav");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tries per file by default: with the backoff below, about two minutes of a cluster saying "later". */
    public static final int DEFAULT_TRIES = 8;
    private static final String DIGEST_MISMATCH = "https://dispotify.org/problems/digest-mismatch";

    private final int tries;
    private final MultipartUpload upload = new MultipartUpload(Duration.ofMinutes(10));
    private final FolderCovers covers;
    private final Supplier<List<URI>> targets;
    private final Optional<String> token;
    private final PrintStream out;
    private final boolean interactive;

    /**
     * @param targets upload URLs to try in order (e.g. {@code http://host:port/api/songs}); asked again per file
     */
    public SongUploader(Supplier<List<URI>> targets, Optional<String> token, PrintStream out, boolean interactive) {
        this(targets, token, out, interactive, DEFAULT_TRIES);
    }

    /** @param tries how many times each file is sent at most (1: no retry) */
    public SongUploader(Supplier<List<URI>> targets, Optional<String> token, PrintStream out, boolean interactive, int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
        this.tries = tries;
        this.targets = targets;
        this.token = token;
        this.out = out;
        this.interactive = interactive;
        this.covers = new FolderCovers(out);
    }

    /** Every file named, and every audio file under every folder named, in a stable order. */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(SongUploader::looksLikeAudio).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IOException("no such file or folder: " + path);
            }
        }
        return files;
    }

    private static boolean looksLikeAudio(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Uploads every file, one after another; returns how many failed. */
    public int uploadAll(List<Path> files, Map<String, String> tags) {
        return uploadAll(files, tags, 1);
    }

    /**
     * Uploads every file, {@code parallel} at a time (each file still tried in turn on every target, with
     * its own backoff); returns how many failed. With more than one at a time, a line per file as it ends
     * replaces the progress bar.
     */
    public int uploadAll(List<Path> files, Map<String, String> tags, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, was " + parallel);
        }
        if (parallel == 1 || files.size() < 2) {
            int failed = 0;
            for (Path file : files) {
                if (!uploadOne(file, tags, interactive)) {
                    failed++;
                }
            }
            return failed;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallel, files.size()), runnable -> {
            Thread thread = new Thread(runnable, "dispotify-upload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Boolean>> results = new ArrayList<>(files.size());
            for (Path file : files) {
                results.add(workers.submit(() -> uploadOne(file, tags, false)));
            }
            int failed = 0;
            for (Future<Boolean> result : results) {
                if (!result.get()) {
                    failed++;
                }
            }
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return files.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an upload failed unexpectedly", e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    private boolean uploadOne(Path file, Map<String, String> tags, boolean bars) {
        Map<String, String> fields = new LinkedHashMap<>(tags);
        try {
            // Sent with the file, so that nothing but these exact bytes can be stored (a 400 otherwise).
            fields.put("sha256", sha256(file));
        } catch (IOException e) {
            out.printf("✗ %s: cannot read it (%s)%n", file.getFileName(), e.getMessage());
            return false;
        }
        String lastError = "";
        for (int attempt = 1; attempt <= tries; attempt++) {
            List<URI> candidates = targets.get(); // asked afresh: a router may have died or appeared
            if (candidates.isEmpty()) {
                lastError = "no router or data node is up to take it";
            }
            Optional<Duration> asked = Optional.empty();
            for (URI target : candidates) {
                MultipartUpload.Result result;
                try {
                    ProgressBar bar = new ProgressBar(out, file.getFileName().toString(), Files.size(file), bars);
                    result = upload.send(target, file, fields, covers.forSong(file), token, bar::update);
                    bar.done();
                } catch (IOException e) {
                    lastError = target.getAuthority() + ": " + e.getMessage();
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (!retryable(result)) {
                    return report(file, result);
                }
                lastError = target.getAuthority() + " answered " + result.status() + " " + detail(result);
                asked = result.retryAfter();
                break; // the cluster said "later": wait before the next try, wherever it goes
            }
            if (attempt < tries) {
                Duration wait = backoff(attempt, asked);
                out.printf("… %s: %s; trying again in %.1f s%n", file.getFileName(), lastError, wait.toMillis() / 1000.0);
                if (!sleep(wait)) {
                    return false;
                }
            }
        }
        out.printf("✗ %s: not stored after %d %s (%s)%n", file.getFileName(), tries, tries == 1 ? "try" : "tries", lastError);
        return false;
    }

    /** Busy, a role switch, damage on the way: the same bytes later are the same song, so trying again is safe. */
    private static boolean retryable(MultipartUpload.Result result) {
        int status = result.status();
        return status == 408 || status == 429 || status == 502 || status == 503 || status == 504
                || (status == 400 && result.body().contains(DIGEST_MISMATCH));
    }

    /** At least what the server asked for; otherwise 1 s doubling to 16 s, with jitter. */
    private static Duration backoff(int attempt, Optional<Duration> asked) {
        long base = Math.min(16_000L, 1000L << Math.min(attempt - 1, 4));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.max(jittered, asked.map(Duration::toMillis).orElse(0L)));
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String detail(MultipartUpload.Result result) {
        JsonNode body = parse(result.body());
        return body.path("detail").asString(body.path("title").asString(""));
    }

    private boolean report(Path file, MultipartUpload.Result result) {
        JsonNode body = parse(result.body());
        if (result.ok()) {
            out.printf("✓ %s → %s \"%s\" by %s%s%n", file.getFileName(),
                    shortId(body.path("id").asString()), body.path("title").asString(), body.path("artist").asString(),
                    result.status() == 200 ? " (already stored)" : "");
            return true;
        }
        String detail = body.path("detail").asString(body.path("title").asString(result.body()));
        out.printf("✗ %s: %d %s%n", file.getFileName(), result.status(), detail);
        return false;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** A one-line bar redrawn in place on a terminal; silent otherwise. */
    private static final class ProgressBar {

        private static final int WIDTH = 30;
        private final PrintStream out;
        private final String label;
        private final long total;
        private final boolean enabled;
        private int lastPercent = -1;

        ProgressBar(PrintStream out, String label, long total, boolean enabled) {
            this.out = out;
            this.label = label.length() > 32 ? label.substring(0, 31) + "…" : label;
            this.total = Math.max(1, total);
            this.enabled = enabled;
        }

        void update(long sent) {
            int percent = (int) Math.min(100, sent * 100 / total);
            if (!enabled || percent == lastPercent) {
                return;
            }
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            out.printf("\r[%s%s] %3d%% %6.1f/%.1f MB %s", "#".repeat(filled), " ".repeat(WIDTH - filled), percent,
                    sent / 1e6, total / 1e6, label);
            out.flush();
        }

        void done() {
            if (enabled && lastPercent >= 0) {
                out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
                out.flush();
            }
        }
    }
}
