package org.dispotify.node.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.dispotify.node.host.ParentWatch;

/**
 * Starts `dispotify` child JVMs from the same jar, small and single-core so that a whole cluster fits
 * on a laptop; each child's output goes to its own log file and it watches its parent's PID.
 */
public final class ChildLauncher {

    static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1");

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final Path javaBinary;
    private final Path jar;
    private final StateDir dir;
    private final Map<String, String> environment;

    public ChildLauncher(Path jar, StateDir dir, Map<String, String> environment) {
        this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        this.jar = jar;
        this.dir = dir;
        this.environment = Map.copyOf(environment);
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

    public Process start(String name, List<String> arguments) {
        List<String> command = new ArrayList<>();
        // A session of its own: Ctrl-C reaches only `up`, which then stops the nodes before the name service.
        SETSID.ifPresent(setsid -> command.add(setsid.toString()));
        command.add(javaBinary.toString());
        command.addAll(jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
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
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<String> jvmOptions() {
        String extra = System.getenv("DISPOTIFY_JAVA_OPTS");
        List<String> options = new ArrayList<>(NODE_JVM_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            options.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return options;
    }
}
