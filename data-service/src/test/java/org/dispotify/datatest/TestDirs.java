package org.dispotify.datatest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh state directory per test context, under target/ so that `mvn clean` removes it. */
public final class TestDirs {

    private TestDirs() {
    }

    public static Path fresh(String name) {
        try {
            Path base = Files.createDirectories(Path.of("target", "test-dirs"));
            return Files.createTempDirectory(base, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
