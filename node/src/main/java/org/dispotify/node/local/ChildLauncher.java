package org.dispotify.node.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.dispotify.node.host.ParentWatch;
import org.dispotify.node.startup.ServerKind;
import org.dispotify.node.startup.StartupCache;

/**
 * Starts `dispotify` child JVMs from the same jar, small and single-core so that a whole cluster fits
 * on a laptop, from the jar's startup archive when there is a usable one ({@link StartupCache}); each child's
 * output goes to its own log file and it watches its parent's PID.
 */
public final class ChildLauncher {

    /**
     * The servers' JVM options under `up` (and the ones their startup archives are trained with). C1 only: on a
     * laptop cluster, C2 compiling while five JVMs share two cores doubled the start-up CPU and was the largest
     * share of an idle node's CPU (bench/results/startup.md); DISPOTIFY_JAVA_OPTS=-XX:TieredStopAtLevel=4 restores it.
     * A small initial heap: the serial collector otherwise starts at a 256 MB heap and, once its young generation
     * has been swept through, an idle node holds ~60 MB more RSS than its ~30 MB of live data needs.
     * Performance counters sampled once a second, not every 50 ms: the sampling thread was ~0.35 % of a core in
     * every idle server (jstat still works, at a coarser grain).
     */
    public static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx256m", "-Xms16m", "-XX:+UseSerialGC",
            "-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1", "-XX:PerfDataSamplingInterval=1000");

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final Path javaBinary;
    private final Path jar;
    private final StateDir dir;
    private final Map<String, String> environment;
    private final StartupCache cache;
    private final PrintStream out;
    private final Map<ServerKind, StartupCache.Launch> launches = new EnumMap<>(ServerKind.class);
    private boolean noted;

    /** @param out where to say, once, why children start without their startup archive */
    public ChildLauncher(Path jar, StateDir dir, Map<String, String> environment, PrintStream out) {
        this.cache = StartupCache.of(jar);
        this.javaBinary = cache.runtime().java();
        this.jar = jar;
        this.dir = dir;
        this.environment = Map.copyOf(environment);
        this.out = out;
    }

    /** The jar this JVM runs from ({@code java -jar dispotify.jar}), or a clear error. */
    public static Path currentJar() {
        String fromEnv = System.getenv("DISPOTIFY_JAR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            return Path.of(classPath).toAbsolutePath();
        }
        throw new IllegalStateException("cannot tell which jar to start nodes from; run through ./dispotify "
                + "or `java -jar dispotify.jar`, or set DISPOTIFY_JAR");
    }

    /**
     * Starts one server child. With {@code archive}, it runs from the jar's startup archive when the cache vouches
     * for one (else plainly, and the first such start says why, once).
     */
    public Started start(String name, ServerKind kind, List<String> arguments, boolean archive) {
        StartupCache.Launch launch = archive ? launch(kind) : StartupCache.Launch.plain(jar);
        List<String> command = new ArrayList<>();
        // A session of its own: Ctrl-C reaches only `up`, which then stops the nodes before the name service.
        SETSID.ifPresent(setsid -> command.add(setsid.toString()));
        List<String> options = new ArrayList<>(jvmOptions());
        // A JVM that dies (say, on an archive it could not map) leaves its report with the logs, not in the caller's folder.
        options.add("-XX:ErrorFile=" + dir.logs().resolve(name + "-hs_err_%p.log"));
        command.addAll(launch.command(javaBinary, options));
        command.addAll(arguments);
        try {
            Files.createDirectories(dir.logs());
            Path log = dir.log(name);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            builder.environment().put(ParentWatch.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
            return new Started(builder.start(), launch.usesArchive());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** A started child, and whether it runs from a startup archive. */
    public record Started(Process process, boolean archive) {
    }

    /** The launch of a kind, worked out once per `up` (it reads the archive to check its CRC). */
    private synchronized StartupCache.Launch launch(ServerKind kind) {
        return launches.computeIfAbsent(kind, k -> {
            StartupCache.Launch launch = cache.launch(k);
            if (launch.note().isPresent() && !noted) {
                noted = true;
                out.printf("  (%s: starting without it; ./dispotify prepares a new one)%n", launch.note().get());
            }
            return launch;
        });
    }

    /** {@link #NODE_JVM_OPTIONS} and then DISPOTIFY_JAVA_OPTS: what up's children run with and archives are trained with. */
    public static List<String> jvmOptions() {
        String extra = System.getenv("DISPOTIFY_JAVA_OPTS");
        List<String> options = new ArrayList<>(NODE_JVM_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            options.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return options;
    }
}
