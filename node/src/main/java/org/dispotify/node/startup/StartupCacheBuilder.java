package org.dispotify.node.startup;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the fast-start files of a {@link StartupCache}: extracts the jar (Spring Boot's tools jar mode), then trains
 * one archive per server command the way Spring Boot's "Class Data Sharing" chapter describes: the server runs with
 * {@code -Dspring.context.exit=onRefresh}, so it builds its whole context and exits before listening, and the JVM
 * writes the classes it loaded ({@code -XX:ArchiveClassesAtExit}, or on JDK 25+ {@code -XX:AOTCacheOutput}, which also
 * keeps them linked and their method profiles). Each archive is then checked by a JVM that refuses to run without
 * it. A training run that fails leaves that archive marked unusable, with the reason, and servers start without it.
 */
public final class StartupCacheBuilder {

    static final Duration TRAINING_LIMIT = Duration.ofMinutes(10);
    static final Duration CHECK_LIMIT = Duration.ofMinutes(2);

    private final StartupCache cache;
    private final List<String> jvmOptions;
    private final PrintStream progress;

    /**
     * @param jvmOptions the options the servers will run with (heap, GC): archives are trained with the same
     * @param progress   where to say what is happening (a training run takes tens of seconds)
     */
    public StartupCacheBuilder(StartupCache cache, List<String> jvmOptions, PrintStream progress) {
        this.cache = cache;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.progress = progress;
    }

    /** Makes whatever is missing or stale; returns at once when everything is current. Safe to run concurrently. */
    public void prepare() throws IOException {
        if (cache.isPrepared()) {
            return;
        }
        Files.createDirectories(cache.dir());
        try (FileChannel channel = FileChannel.open(cache.dir().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (cache.isPrepared()) {
                return;
            }
            long begin = System.nanoTime();
            progress.printf("dispotify: preparing faster starts for this build on Java %d (once per build, about a "
                    + "minute): training the name service and a node%n", cache.runtime().feature());
            if (!cache.appIsCurrent()) {
                extract();
            }
            Properties stamp = cache.newStamp();
            Map<ServerKind, CompletableFuture<String>> runs = new EnumMap<>(ServerKind.class);
            for (ServerKind kind : ServerKind.values()) {
                runs.put(kind, CompletableFuture.supplyAsync(() -> train(kind)));
            }
            List<String> outcome = new ArrayList<>();
            for (Map.Entry<ServerKind, CompletableFuture<String>> run : runs.entrySet()) {
                String prefix = run.getKey().command() + ".";
                String problem = run.getValue().join();
                if (problem.isEmpty()) {
                    Path archive = cache.archive(run.getKey());
                    stamp.setProperty(prefix + "usable", "true");
                    stamp.setProperty(prefix + "size", Long.toString(Files.size(archive)));
                    stamp.setProperty(prefix + "crc", Long.toHexString(StartupCache.crc(archive)));
                    outcome.add(run.getKey().command() + " ok");
                } else {
                    stamp.setProperty(prefix + "usable", "false");
                    stamp.setProperty(prefix + "note", problem);
                    outcome.add(run.getKey().command() + " without an archive (" + problem + ")");
                }
            }
            cache.writeStamp(stamp);
            progress.printf("dispotify: prepared in %.0f s: %s%n", (System.nanoTime() - begin) / 1e9, String.join(", ", outcome));
        }
    }

    /** Extracts the jar into {@code app/}, replacing an older extraction and every archive made from it. */
    private void extract() throws IOException {
        Path target = cache.app().getParent();
        Path temp = cache.dir().resolve("app.new");
        deleteTree(temp);
        Process extract = new ProcessBuilder(cache.runtime().java().toString(), "-XX:TieredStopAtLevel=1",
                "-Djarmode=tools", "-jar", cache.jar().toString(), "extract", "--destination", temp.toString(),
                "--application-filename", "dispotify.jar")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!waitFor(extract, CHECK_LIMIT) || extract.exitValue() != 0) {
            throw new IOException("could not extract " + cache.jar() + " (exit " + (extract.isAlive() ? "timeout" : extract.exitValue()) + ")");
        }
        Files.writeString(temp.resolve(".extracted-from"), cache.jarStamp());
        try (Stream<Path> runtimes = Files.list(cache.dir())) {
            for (Path old : runtimes.filter(p -> p.getFileName().toString().startsWith("java-")).toList()) {
                deleteTree(old);
            }
        }
        deleteTree(target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One training run and its check; an empty string when the archive is in place, else what went wrong. */
    private String train(ServerKind kind) {
        Path archive = cache.archive(kind);
        Path fresh = archive.resolveSibling(archive.getFileName() + ".new");
        Path scratch = null;
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(fresh);
            scratch = Files.createTempDirectory("dispotify-training-" + kind.command());
            int[] ports = freePorts();
            List<String> command = new ArrayList<>();
            command.add(cache.runtime().java().toString());
            command.addAll(jvmOptions);
            command.addAll(cache.runtime().recordArchive(fresh));
            command.add("-Dspring.context.exit=onRefresh");
            command.add("-jar");
            command.add(cache.app().toString());
            command.addAll(kind.trainingArguments(ports[0], ports[1], scratch));
            Path log = archive.resolveSibling(kind.command() + "-training.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().remove("DISPOTIFY_PARENT_PID");
            Process training = builder.start();
            if (!waitFor(training, TRAINING_LIMIT)) {
                return "the training run took over " + TRAINING_LIMIT.toMinutes() + " minutes";
            }
            if (!Files.isRegularFile(fresh) || Files.size(fresh) == 0) {
                return "the training run (exit " + training.exitValue() + ") wrote no archive; see " + log;
            }
            Process check = new ProcessBuilder(checkCommand(fresh)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!waitFor(check, CHECK_LIMIT) || check.exitValue() != 0) {
                return "the JVM does not accept the archive it wrote";
            }
            Files.move(fresh, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return "";
        } catch (IOException | UncheckedIOException e) {
            return e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(fresh);
                if (scratch != null) {
                    deleteTree(scratch);
                }
            } catch (IOException e) {
                // A scratch folder left in the temp dir is harmless.
            }
        }
    }

    /** A JVM that must map the archive or fail, running the same jar with the same options; it prints the version. */
    private List<String> checkCommand(Path archive) {
        List<String> command = new ArrayList<>();
        command.add(cache.runtime().java().toString());
        command.addAll(jvmOptions);
        command.addAll(cache.runtime().requireArchive(archive));
        command.add("-jar");
        command.add(cache.app().toString());
        command.add("--version");
        return command;
    }

    private static boolean waitFor(Process process, Duration limit) {
        try {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return false;
    }

    /** A free TCP port and a second port free for TCP and UDP (the name service's DNS port). */
    private static int[] freePorts() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20_000 + ThreadLocalRandom.current().nextInt(40_000);
            int second = first + 1;
            if (tcpFree(first) && tcpFree(second) && udpFree(second)) {
                return new int[] {first, second};
            }
        }
        throw new IOException("no free loopback ports for a training run");
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
