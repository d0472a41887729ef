package org.dispotify.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ops/docker/make-env`, the README's first compose step: a .env with fresh secrets and base images the
 * engine can get. Docker is a stand-in on the PATH that has, and can pull, the images a test says.
 */
class MakeEnvScriptTest {

    static final Path SCRIPT = DockerfileTest.ROOT.resolve("ops/docker/make-env");
    static final Path EXAMPLE = DockerfileTest.ROOT.resolve(".env.example");
    static final String TEMURIN_JDK = "eclipse-temurin:17-jdk";
    static final String TEMURIN_JRE = "eclipse-temurin:17-jre";
    static final String LOCAL_JDK = "dispotify-base/jdk:17";
    static final String LOCAL_JRE = "dispotify-base/jre:17";

    @TempDir
    Path dir;
    private Path env;
    private Path calls;

    record Run(int exit, String output) {
    }

    @BeforeEach
    void fakeDocker() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("docker-calls");
        Path docker = bin.resolve("docker");
        Files.writeString(docker, """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_DOCKER_CALLS"
                case "$1 ${2:-}" in
                  "info "*) [ "${FAKE_DOCKER_UP:-1}" = 1 ] ;;
                  "image inspect") [[ " $FAKE_DOCKER_HAS " == *" $3 "* ]] ;;
                  "pull -q") [[ " $FAKE_DOCKER_PULLS " == *" $3 "* ]] ;;
                  *) exit 64 ;;
                esac
                """);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = dir.resolve("env");
    }

    private Run run(Map<String, String> variables, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("DISPOTIFY_") || key.startsWith("FAKE_DOCKER"));
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_DOCKER_CALLS", calls.toString());
        builder.environment().put("FAKE_DOCKER_HAS", "");
        builder.environment().put("FAKE_DOCKER_PULLS", "");
        builder.environment().putAll(variables);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("make-env returns").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Run write(Map<String, String> variables) throws IOException, InterruptedException {
        return run(variables, "--output", env.toString());
    }

    private Map<String, String> values(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    @Test
    void withoutDockerHubTheLocalBaseImagesAreChosen() throws Exception {
        Run run = write(Map.of("FAKE_DOCKER_HAS", LOCAL_JDK + " " + LOCAL_JRE));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(values(env)).containsEntry("DISPOTIFY_JDK_IMAGE", LOCAL_JDK).containsEntry("DISPOTIFY_JRE_IMAGE", LOCAL_JRE);
        assertThat(Files.readAllLines(calls)).as("Temurin was tried first").contains("pull -q " + TEMURIN_JDK);
        assertThat(run.output()).contains("Docker Hub is out of reach");
    }

    @Test
    void temurinWhenDockerCanPullIt() throws Exception {
        Run run = write(Map.of("FAKE_DOCKER_HAS", LOCAL_JDK + " " + LOCAL_JRE, "FAKE_DOCKER_PULLS", TEMURIN_JDK + " " + TEMURIN_JRE));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(values(env)).containsEntry("DISPOTIFY_JDK_IMAGE", TEMURIN_JDK).containsEntry("DISPOTIFY_JRE_IMAGE", TEMURIN_JRE);
    }

    @Test
    void temurinAlreadyThereIsNotPulled() throws Exception {
        Run run = write(Map.of("FAKE_DOCKER_HAS", TEMURIN_JDK + " " + TEMURIN_JRE));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(values(env)).containsEntry("DISPOTIFY_JDK_IMAGE", TEMURIN_JDK);
        assertThat(Files.readAllLines(calls)).noneMatch(call -> call.startsWith("pull"));
    }

    @Test
    void freshSecretsAndTheExamplesOtherSettings() throws Exception {
        assertThat(write(Map.of()).exit()).isZero();
        Map<String, String> first = values(env);
        assertThat(run(Map.of(), "--output", env.toString(), "--force").exit()).isZero();
        Map<String, String> second = values(env);

        for (String key : List.of("DISPOTIFY_CLUSTER_SECRET", "DISPOTIFY_UPLOAD_TOKEN")) {
            assertThat(first.get(key)).as(key).matches("[0-9a-f]{64}");
            assertThat(second.get(key)).as(key + " is new each time").matches("[0-9a-f]{64}").isNotEqualTo(first.get(key));
        }
        assertThat(first.get("DISPOTIFY_CLUSTER_SECRET")).isNotEqualTo(first.get("DISPOTIFY_UPLOAD_TOKEN"));
        Map<String, String> example = values(EXAMPLE);
        assertThat(first.keySet()).containsExactlyElementsOf(example.keySet());
        assertThat(first.get("DISPOTIFY_PLAYER_PORT")).isEqualTo(example.get("DISPOTIFY_PLAYER_PORT"));
        assertThat(Files.getPosixFilePermissions(env)).as("secrets readable by the owner only")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anExistingEnvIsKeptUnlessForced() throws Exception {
        Files.writeString(env, "DISPOTIFY_CLUSTER_SECRET=the-running-clusters\n");

        Run kept = write(Map.of());
        assertThat(kept.exit()).isEqualTo(2);
        assertThat(kept.output()).contains(env.toString()).contains("exists").contains("--force");
        assertThat(Files.readString(env)).isEqualTo("DISPOTIFY_CLUSTER_SECRET=the-running-clusters\n");

        assertThat(run(Map.of(), "--output", env.toString(), "--force").exit()).isZero();
        assertThat(values(env).get("DISPOTIFY_CLUSTER_SECRET")).matches("[0-9a-f]{64}");
    }

    @Test
    void theEnvironmentChoosesImagesAndPorts() throws Exception {
        Map<String, String> variables = new HashMap<>();
        variables.put("DISPOTIFY_JDK_IMAGE", "registry.example/jdk:17");
        variables.put("DISPOTIFY_JRE_IMAGE", "registry.example/jre:17");
        variables.put("DISPOTIFY_PLAYER_PORT", "18080");
        Run run = write(variables);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(values(env)).containsEntry("DISPOTIFY_JDK_IMAGE", "registry.example/jdk:17")
                .containsEntry("DISPOTIFY_JRE_IMAGE", "registry.example/jre:17").containsEntry("DISPOTIFY_PLAYER_PORT", "18080");
        assertThat(calls).doesNotExist();
    }

    @Test
    void noEngineKeepsTheDefaultsAndSaysSo() throws Exception {
        Run run = write(Map.of("FAKE_DOCKER_UP", "0"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(values(env)).containsEntry("DISPOTIFY_JDK_IMAGE", TEMURIN_JDK);
        assertThat(run.output()).contains("warning: no Docker engine answers");
    }

    @Test
    void anUnknownArgumentChangesNothing() throws Exception {
        Run run = run(Map.of(), "--outptu", env.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("unknown argument '--outptu'");
        assertThat(env).doesNotExist();
    }
}
