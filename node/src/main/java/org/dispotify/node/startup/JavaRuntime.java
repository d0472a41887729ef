package org.dispotify.node.startup;

import java.nio.file.Path;
import java.util.List;

/**
 * The Java runtime that will run a server: class-data archives are tied to one exact JVM build, and which kind of
 * archive it takes depends on its release (JDK 25+: an AOT cache, JEP 483/514/515; before: a dynamic CDS archive).
 *
 * @param home      its {@code java.home}
 * @param feature   its feature release (17, 21, 25, ...)
 * @param vmVersion its {@code java.vm.version}, the exact build an archive must match
 */
public record JavaRuntime(Path home, int feature, String vmVersion) {

    /** The first release whose AOT cache replaces CDS here (JDK 25: one-step training with -XX:AOTCacheOutput). */
    static final int AOT_CACHE_RELEASE = 25;

    public static JavaRuntime current() {
        return new JavaRuntime(Path.of(System.getProperty("java.home")), Runtime.version().feature(),
                System.getProperty("java.vm.version"));
    }

    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    public boolean hasAotCache() {
        return feature >= AOT_CACHE_RELEASE;
    }

    /** The archive file's extension: {@code aot} (AOT cache) or {@code jsa} (CDS). */
    String archiveExtension() {
        return hasAotCache() ? "aot" : "jsa";
    }

    /** Options that use an archive, with the JVM's own warnings about an unusable one silenced: we report it once. */
    List<String> useArchive(Path archive) {
        return hasAotCache()
                ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Options for a training run that writes an archive when the JVM exits. */
    List<String> recordArchive(Path archive) {
        return hasAotCache()
                ? List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=error", "-Xlog:cds=off")
                : List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Options that make the JVM refuse to run unless it can map the archive: the check after a training run. */
    List<String> requireArchive(Path archive) {
        return hasAotCache()
                ? List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
    }
}
