package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `status`, `down`, `logs` and `upload` start no Spring context: they are a JVM, picocli and an HTTP client, so they
 * answer in well under a second. Each runs in a JVM of its own that logs every class it loads.
 */
class ShortCommandsTest {

    /** Classes only a Spring application (a context, Boot's start-up) would load. */
    private static final List<String> SPRING_CONTEXT_CLASSES = List.of(
            "org.springframework.boot.SpringApplication ",
            "org.springframework.context.support.AbstractApplicationContext ",
            "org.springframework.beans.factory.support.DefaultListableBeanFactory ");

    @TempDir
    static Path dir;

    static Stream<Arguments> commands() throws IOException {
        Path song = dir.resolve("song.wav");
        Files.write(song, new byte[64]);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String state = dir.resolve("state").toString();
        return Stream.of(
                Arguments.of(List.of("status", "--dir", state), "Nothing is running"),
                Arguments.of(List.of("status", "--json", "--dir", state), "[]"),
                Arguments.of(List.of("down", "--dir", state), "Nothing is running"),
                Arguments.of(List.of("logs", "node-8081", "--dir", state), "no log for 'node-8081'"),
                // One try: the default (8, with pauses of 1 to 16 s) took 52 s here to give up on a closed port.
                Arguments.of(List.of("upload", song.toString(), "--router", "http://127.0.0.1:" + closedPort, "--tries", "1",
                        "--dir", state), "not stored after 1 try"),
                Arguments.of(List.of("upload", song.toString(), "--router", "http://127.0.0.1:" + closedPort, "--tries", "0",
                        "--dir", state), "--tries must be at least 1"),
                Arguments.of(List.of("upload", song.toString(), "--router", "http://127.0.0.1:" + closedPort, "--parallel", "0",
                        "--dir", state), "--parallel must be between 1 and 16"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void runsWithoutASpringContext(List<String> arguments, String expected) throws Exception {
        Path classLog = Files.createTempFile(dir, "classes", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.dispotify.node.Dispotify"));
        command.addAll(arguments);

        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains(expected);
        String loaded = Files.readString(classLog);
        assertThat(loaded).as("the class log").contains("org.dispotify.node.Dispotify ");
        for (String springClass : SPRING_CONTEXT_CLASSES) {
            assertThat(loaded).as("`%s` loads no %s", String.join(" ", arguments), springClass).doesNotContain(springClass);
        }
    }
}
