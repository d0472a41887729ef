package org.dispotify.node.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.startup.ServerKind;
import org.dispotify.node.startup.StartupCache;

/**
 * The jar's startup archives, prepared the way {@code ./dispotify} prepares them before {@code up}: once per jar and
 * test JVM, so the multi-process tests start their servers the way users' servers start. It also halves what a start
 * costs (a node here: about 5 CPU-seconds instead of 9, both with C1 only), and those tests start dozens of servers
 * on two cores. A preparation that fails is printed and the servers start from the plain jar, as under {@code up}.
 */
final class StartupArchives {

    private static final long PREPARE_LIMIT_SECONDS = 300;
    private static final Map<Path, Map<ServerKind, StartupCache.Launch>> LAUNCHES = new HashMap<>();

    private StartupArchives() {
    }

    /** How to start a server of this kind from {@code jar}: from its archive once prepared, else from the jar itself. */
    static synchronized StartupCache.Launch launch(Path jar, ServerKind kind) {
        Map<ServerKind, StartupCache.Launch> launches = LAUNCHES.computeIfAbsent(jar.toAbsolutePath().normalize(),
                StartupArchives::prepare);
        return launches.get(kind);
    }

    private static Map<ServerKind, StartupCache.Launch> prepare(Path jar) {
        StartupCache cache = StartupCache.of(jar);
        if (!cache.isPrepared()) {
            run(jar, cache);
        }
        Map<ServerKind, StartupCache.Launch> launches = new EnumMap<>(ServerKind.class);
        for (ServerKind kind : ServerKind.values()) {
            StartupCache.Launch launch = cache.launch(kind);
            launch.note().ifPresent(note -> System.err.printf("startup archives: %s%n", note));
            launches.put(kind, launch);
        }
        return launches;
    }

    private static void run(Path jar, StartupCache cache) {
        try {
            Path output = Files.createTempFile("dispotify-prepare", ".log");
            Process prepare = new ProcessBuilder(List.of(cache.runtime().java().toString(), "-jar", jar.toString(), "prepare"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = prepare.waitFor(PREPARE_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                prepare.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (!ended || prepare.exitValue() != 0) {
                System.err.printf("startup archives: `prepare` %s; servers start from the plain jar:%n%s%n",
                        ended ? "exited with " + prepare.exitValue() : "took over " + PREPARE_LIMIT_SECONDS + " s", text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `prepare` for " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing startup archives", e);
        }
    }
}
