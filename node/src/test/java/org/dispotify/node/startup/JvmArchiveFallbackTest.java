package org.dispotify.node.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM's side of "an unusable archive never breaks a start": with the options a server is launched with, a
 * missing or garbage archive file leaves this very JVM running normally, and says nothing about it (`up` reports the
 * problem once, in its own words).
 */
class JvmArchiveFallbackTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"missing", "garbage", "empty"})
    void theJvmRunsSilentlyWithoutAnUnusableArchive(String kind) throws Exception {
        JavaRuntime runtime = JavaRuntime.current();
        Path archive = dir.resolve("node." + runtime.archiveExtension());
        switch (kind) {
            case "garbage" -> Files.write(archive, "not an archive at all, just some bytes".repeat(50).getBytes(StandardCharsets.US_ASCII));
            case "empty" -> Files.createFile(archive);
            default -> { }
        }
        List<String> command = new ArrayList<>(List.of(runtime.java().toString()));
        command.addAll(runtime.useArchive(archive));
        command.add("-version");

        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("version").doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning")
                .doesNotContainIgnoringCase("archive");
    }

    @Test
    void theCheckAfterATrainingRunRefusesAnUnusableArchive() throws IOException, InterruptedException {
        JavaRuntime runtime = JavaRuntime.current();
        Path archive = dir.resolve("node." + runtime.archiveExtension());
        Files.write(archive, "not an archive".repeat(100).getBytes(StandardCharsets.US_ASCII));
        List<String> command = new ArrayList<>(List.of(runtime.java().toString()));
        command.addAll(runtime.requireArchive(archive));
        command.add("-version");

        Process java = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).isNotZero();
    }
}
