package org.dispotify.node.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads files and folders of songs, one after another, with a progress bar, each with its folder's
 * cover image if it has one ({@link FolderCovers}). A target that cannot be reached is replaced by the
 * next one (an upload is idempotent: the same bytes are the same song).
 */
public final class SongUploader {

    private static final Set<String> AUDIO_EXTENSIONS = Set.of("mp3", "flac", "ogg", "oga", "opus", "wav");
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** Uploads every file; returns how many failed. */
    public int uploadAll(List<Path> files, Map<String, String> tags) {
        int failed = 0;
        for (Path file : files) {
            if (!uploadOne(file, tags)) {
                failed++;
            }
        }
        return failed;
    }

    private boolean uploadOne(Path file, Map<String, String> tags) {
        List<URI> candidates = targets.get();
        if (candidates.isEmpty()) {
            out.printf("✗ %s: no router or data node is up to take it%n", file.getFileName());
            return false;
        }
        String lastError = "";
        for (URI target : candidates) {
            try {
                long size = Files.size(file);
                ProgressBar bar = new ProgressBar(out, file.getFileName().toString(), size, interactive);
                MultipartUpload.Result result = upload.send(target, file, tags, covers.forSong(file), token, bar::update);
                bar.done();
                return report(file, result);
            } catch (IOException e) {
                lastError = target.getAuthority() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        out.printf("✗ %s: could not reach any target (%s)%n", file.getFileName(), lastError);
        return false;
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
