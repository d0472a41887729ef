package org.dispotify.node.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * Where the fast-start files of one {@code dispotify.jar} live, and whether they may be used. Beside the jar by
 * default ({@code startup-cache/}, or {@value #DIR_ENV}):
 * <pre>
 * app/dispotify.jar, app/lib/     the jar extracted (Spring Boot's tools jar mode): the class path archives need
 * java-NN/dns.jsa|aot, node.*     one archive per server command, trained on Java release NN
 * java-NN/stamp.properties        what they were made from (jar size and time, exact JVM), their sizes and CRCs
 * </pre>
 * A server only uses an archive that the stamp vouches for, down to its CRC: a stale (the jar changed), foreign (another
 * JVM), missing or damaged archive means a plain start from the jar, never a failed one. The JVM's own check is the
 * second line (it refuses an archive whose class path changed), but a truncated CDS file can crash JDK 17 outright,
 * hence the first.
 */
public final class StartupCache {

    public static final String DIR_ENV = "DISPOTIFY_STARTUP_CACHE";
    static final String STAMP = "stamp.properties";

    private final Path dir;
    private final Path jar;
    private final JavaRuntime runtime;

    public StartupCache(Path dir, Path jar, JavaRuntime runtime) {
        this.dir = dir.toAbsolutePath().normalize();
        this.jar = jar.toAbsolutePath().normalize();
        this.runtime = runtime;
    }

    /** The cache of a jar for the running JVM, in {@value #DIR_ENV} or beside the jar. */
    public static StartupCache of(Path jar) {
        String configured = System.getenv(DIR_ENV);
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : jar.toAbsolutePath().getParent().resolve("startup-cache");
        return new StartupCache(dir, jar, JavaRuntime.current());
    }

    public Path dir() {
        return dir;
    }

    public Path jar() {
        return jar;
    }

    public JavaRuntime runtime() {
        return runtime;
    }

    /** The extracted application jar (its libraries in {@code lib/} beside it). */
    public Path app() {
        return dir.resolve("app").resolve("dispotify.jar");
    }

    Path appStamp() {
        return dir.resolve("app").resolve(".extracted-from");
    }

    Path runtimeDir() {
        return dir.resolve("java-" + runtime.feature());
    }

    public Path archive(ServerKind kind) {
        return runtimeDir().resolve(kind.command() + "." + runtime.archiveExtension());
    }

    Path stampFile() {
        return runtimeDir().resolve(STAMP);
    }

    /** How to start a server of this kind: with its archive when the stamp vouches for it, else from the plain jar. */
    public Launch launch(ServerKind kind) {
        Optional<String> problem = problem(kind);
        if (problem.isPresent()) {
            return Launch.plain(jar, problem.get().isEmpty() ? Optional.empty() : problem);
        }
        return new Launch(runtime.useArchive(archive(kind)), app(), Optional.empty());
    }

    /** The jar to run commands that start no server from: the extracted one when it is current (it starts faster). */
    public Path commandJar() {
        return appIsCurrent() ? app() : jar;
    }

    /**
     * Whether there is nothing left for a training run: every archive is stamped for this jar and JVM and intact,
     * or stamped as one its training run could not make (tried again only for the next build).
     */
    public boolean isPrepared() {
        Optional<Properties> stamp = readStamp();
        return appIsCurrent() && stamp.isPresent() && madeFromThisJarAndJvm(stamp.get())
                && List.of(ServerKind.values()).stream().allMatch(k -> "false".equals(stamp.get().getProperty(k.command() + ".usable"))
                        || problem(k).isEmpty());
    }

    /**
     * Why this kind's archive may not be used: empty when it may; an empty string when there simply is none yet
     * (nothing worth reporting); else a sentence for the user.
     */
    Optional<String> problem(ServerKind kind) {
        Optional<Properties> read = readStamp();
        if (read.isEmpty()) {
            return Optional.of("");
        }
        Properties stamp = read.get();
        if (!madeFromThisJarAndJvm(stamp)) {
            return Optional.of(stamp.getProperty("java.vm.version", "").equals(runtime.vmVersion())
                    ? "the startup archives are stale (the jar was rebuilt since)"
                    : "the startup archives were made for Java " + stamp.getProperty("java.vm.version", "?")
                            + ", not " + runtime.vmVersion());
        }
        if (!appIsCurrent()) {
            return Optional.of("the extracted jar the archives belong to is missing or stale");
        }
        String prefix = kind.command() + ".";
        if (!"true".equals(stamp.getProperty(prefix + "usable"))) {
            return Optional.of("the " + kind.command() + " archive could not be made: "
                    + stamp.getProperty(prefix + "note", "no training run yet"));
        }
        Path archive = archive(kind);
        try {
            if (!Files.isRegularFile(archive) || Files.size(archive) != Long.parseLong(stamp.getProperty(prefix + "size", "-1"))
                    || !Long.toHexString(crc(archive)).equals(stamp.getProperty(prefix + "crc"))) {
                return Optional.of("the " + kind.command() + " archive is damaged");
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.of("the " + kind.command() + " archive cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    private boolean madeFromThisJarAndJvm(Properties stamp) {
        return jarStamp().equals(stamp.getProperty("jar")) && runtime.vmVersion().equals(stamp.getProperty("java.vm.version"))
                && runtime.home().toString().equals(stamp.getProperty("java.home"));
    }

    boolean appIsCurrent() {
        try {
            return Files.isRegularFile(app()) && Files.isRegularFile(appStamp())
                    && Files.readString(appStamp()).strip().equals(jarStamp());
        } catch (IOException e) {
            return false;
        }
    }

    /** The jar as its size and modification time: a rebuilt jar gets a new stamp. */
    String jarStamp() {
        try {
            return Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "missing";
        }
    }

    Optional<Properties> readStamp() {
        Path file = stampFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties stamp = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stamp.load(in);
            return Optional.of(stamp);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes the stamp in one step (a temp file moved over it), so a reader sees the old one or the new one. */
    void writeStamp(Properties stamp) throws IOException {
        Files.createDirectories(runtimeDir());
        Path temp = Files.createTempFile(runtimeDir(), STAMP, ".tmp");
        if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            // Readable by all, like the archives: an image prepares as root and runs its servers as another user.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (OutputStream out = Files.newOutputStream(temp)) {
            stamp.store(out, "what the startup archives were made from; written by `dispotify prepare`");
        }
        Files.move(temp, stampFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A stamp for this jar and JVM with no archive recorded yet. */
    Properties newStamp() {
        Properties stamp = new Properties();
        stamp.setProperty("jar", jarStamp());
        stamp.setProperty("jar.path", jar.toString());
        stamp.setProperty("java.home", runtime.home().toString());
        stamp.setProperty("java.vm.version", runtime.vmVersion());
        return stamp;
    }

    static long crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
            }
        }
        return crc.getValue();
    }

    /**
     * How to start one server: JVM options for its archive (none without one) and the jar to run.
     *
     * @param note why there is no archive, when that is worth telling the user once
     */
    public record Launch(List<String> archiveOptions, Path jar, Optional<String> note) {

        static Launch plain(Path jar, Optional<String> note) {
            return new Launch(List.of(), jar, note);
        }

        /** From the plain jar, nothing to report. */
        public static Launch plain(Path jar) {
            return plain(jar, Optional.empty());
        }

        public boolean usesArchive() {
            return !archiveOptions.isEmpty();
        }

        /** {@code java [options] [archive options] -jar JAR}, arguments to follow. */
        public List<String> command(Path java, List<String> jvmOptions) {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmOptions);
            command.addAll(archiveOptions);
            command.add("-jar");
            command.add(jar.toString());
            return command;
        }
    }
}
