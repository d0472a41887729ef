package org.dispotify.node.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which archive a server may start from: only one its stamp vouches for, down to the bytes. */
class StartupCacheTest {

    private static final JavaRuntime JDK_17 = new JavaRuntime(Path.of("/opt/jdk-17"), 17, "17.0.15+6");
    private static final JavaRuntime JDK_25 = new JavaRuntime(Path.of("/opt/jdk-25"), 25, "25.0.3+9-LTS");

    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void jar() throws IOException {
        jar = dir.resolve("dispotify.jar");
        Files.write(jar, bytes(4096, 1));
    }

    /** A cache as `prepare` leaves it: the jar extracted and both archives stamped as usable. */
    private StartupCache prepared(JavaRuntime runtime) throws IOException {
        StartupCache cache = new StartupCache(dir.resolve("startup-cache"), jar, runtime);
        Files.createDirectories(cache.app().getParent());
        Files.write(cache.app(), bytes(100, 2));
        Files.writeString(cache.appStamp(), cache.jarStamp());
        Properties stamp = cache.newStamp();
        for (ServerKind kind : ServerKind.values()) {
            Files.createDirectories(cache.archive(kind).getParent());
            Files.write(cache.archive(kind), bytes(10_000, kind.ordinal() + 3));
            stamp.setProperty(kind.command() + ".usable", "true");
            stamp.setProperty(kind.command() + ".size", Long.toString(Files.size(cache.archive(kind))));
            stamp.setProperty(kind.command() + ".crc", Long.toHexString(StartupCache.crc(cache.archive(kind))));
        }
        cache.writeStamp(stamp);
        return cache;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aPreparedCacheStartsEachServerFromItsArchiveAndTheExtractedJar() throws IOException {
        StartupCache cache = prepared(JDK_17);

        StartupCache.Launch launch = cache.launch(ServerKind.NODE);

        assertThat(cache.isPrepared()).isTrue();
        assertThat(launch.usesArchive()).isTrue();
        assertThat(launch.note()).isEmpty();
        assertThat(launch.jar()).isEqualTo(cache.app());
        assertThat(launch.archiveOptions()).contains("-XX:SharedArchiveFile=" + cache.archive(ServerKind.NODE), "-Xshare:auto");
        assertThat(launch.command(Path.of("java"), java.util.List.of("-Xmx256m")))
                .containsSubsequence("java", "-Xmx256m", "-XX:SharedArchiveFile=" + cache.archive(ServerKind.NODE),
                        "-jar", cache.app().toString());
        assertThat(cache.commandJar()).isEqualTo(cache.app());
    }

    @Test
    void onJdk25TheArchiveIsAnAotCache() throws IOException {
        StartupCache cache = prepared(JDK_25);

        StartupCache.Launch launch = cache.launch(ServerKind.DNS);

        assertThat(cache.archive(ServerKind.DNS).getFileName().toString()).isEqualTo("dns.aot");
        assertThat(cache.archive(ServerKind.DNS).getParent().getFileName().toString()).isEqualTo("java-25");
        assertThat(launch.archiveOptions()).contains("-XX:AOTCache=" + cache.archive(ServerKind.DNS));
    }

    @Test
    void withNoCacheAServerStartsFromThePlainJarAndNothingIsReported() {
        StartupCache cache = new StartupCache(dir.resolve("startup-cache"), jar, JDK_17);

        StartupCache.Launch launch = cache.launch(ServerKind.NODE);

        assertThat(cache.isPrepared()).isFalse();
        assertThat(launch.usesArchive()).isFalse();
        assertThat(launch.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(launch.note()).isEmpty();
        assertThat(cache.commandJar()).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void aRebuiltJarMakesTheArchivesStale() throws IOException {
        StartupCache cache = prepared(JDK_17);
        Files.write(jar, bytes(5000, 9));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));

        StartupCache.Launch launch = cache.launch(ServerKind.NODE);

        assertThat(cache.isPrepared()).isFalse();
        assertThat(launch.usesArchive()).isFalse();
        assertThat(launch.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(launch.note()).hasValueSatisfying(note -> assertThat(note).contains("stale"));
        assertThat(cache.commandJar()).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void anArchiveMadeByAnotherJvmBuildIsNotUsed() throws IOException {
        prepared(JDK_17);
        StartupCache other = new StartupCache(dir.resolve("startup-cache"), jar,
                new JavaRuntime(Path.of("/opt/jdk-17"), 17, "17.0.16+8"));

        StartupCache.Launch launch = other.launch(ServerKind.NODE);

        assertThat(launch.usesArchive()).isFalse();
        assertThat(launch.note()).hasValueSatisfying(note -> assertThat(note).contains("17.0.15+6", "17.0.16+8"));
        assertThat(other.isPrepared()).isFalse();
    }

    @Test
    void aDamagedArchiveOfTheSameSizeIsNotUsed() throws IOException {
        StartupCache cache = prepared(JDK_17);
        try (RandomAccessFile file = new RandomAccessFile(cache.archive(ServerKind.NODE).toFile(), "rw")) {
            file.seek(5000);
            int b = file.read();
            file.seek(5000);
            file.write(b ^ 0xff);
        }

        StartupCache.Launch node = cache.launch(ServerKind.NODE);

        assertThat(node.usesArchive()).isFalse();
        assertThat(node.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(node.note()).hasValueSatisfying(note -> assertThat(note).contains("node archive is damaged"));
        assertThat(cache.isPrepared()).as("the next prepare makes it again").isFalse();
        assertThat(cache.launch(ServerKind.DNS).usesArchive()).as("the other archive is intact").isTrue();
    }

    @Test
    void aTruncatedOrMissingArchiveIsNotUsed() throws IOException {
        StartupCache cache = prepared(JDK_17);
        try (RandomAccessFile file = new RandomAccessFile(cache.archive(ServerKind.NODE).toFile(), "rw")) {
            file.setLength(1000);
        }
        Files.delete(cache.archive(ServerKind.DNS));

        assertThat(cache.launch(ServerKind.NODE).usesArchive()).isFalse();
        assertThat(cache.launch(ServerKind.NODE).note()).hasValueSatisfying(note -> assertThat(note).contains("damaged"));
        assertThat(cache.launch(ServerKind.DNS).usesArchive()).isFalse();
    }

    @Test
    void anArchiveItsTrainingRunCouldNotMakeIsSkippedWithTheReason() throws IOException {
        StartupCache cache = prepared(JDK_17);
        Properties stamp = cache.readStamp().orElseThrow();
        stamp.setProperty("dns.usable", "false");
        stamp.setProperty("dns.note", "the training run took over 10 minutes");
        cache.writeStamp(stamp);

        StartupCache.Launch launch = cache.launch(ServerKind.DNS);

        assertThat(cache.isPrepared()).as("nothing left to train for this jar").isTrue();
        assertThat(launch.usesArchive()).isFalse();
        assertThat(launch.note()).hasValueSatisfying(note -> assertThat(note).contains("took over 10 minutes"));
    }

    @Test
    void anUnreadableStampMeansNoArchive() throws IOException {
        StartupCache cache = prepared(JDK_17);
        Files.writeString(cache.stampFile(), "\\u12");

        assertThat(cache.launch(ServerKind.NODE).usesArchive()).isFalse();
    }

    @Test
    void aMissingExtractedJarMeansNoArchive() throws IOException {
        StartupCache cache = prepared(JDK_17);
        Files.delete(cache.app());

        StartupCache.Launch launch = cache.launch(ServerKind.NODE);

        assertThat(launch.usesArchive()).isFalse();
        assertThat(launch.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(cache.commandJar()).isEqualTo(jar.toAbsolutePath());
    }
}
