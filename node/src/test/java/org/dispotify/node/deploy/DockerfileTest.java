package org.dispotify.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The images' Dockerfiles start a real `dispotify` server, configured by variables it reads. */
class DockerfileTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("ops/docker");
    static final String JAR = "/opt/dispotify/dispotify.jar";

    static Stream<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".Dockerfile")).sorted().toList();
            assertThat(found).extracting(f -> f.getFileName().toString()).contains("dns.Dockerfile", "node.Dockerfile");
            return found.stream();
        }
    }

    /**
     * The subcommand an image runs: what follows the jar in ENTRYPOINT + CMD. The jar is named there, or in
     * a java argument file ({@code @file}) that a RUN of the final stage writes with {@code prepare
     * --print-launch <subcommand>}, which prints the fast-start options, {@code -jar} and the jar.
     */
    static String subcommand(Dockerfile dockerfile) {
        List<String> entrypoint = dockerfile.execForm("ENTRYPOINT");
        List<String> command = dockerfile.execForm("CMD");
        List<String> all = Stream.concat(entrypoint.stream(), command.stream()).toList();
        assertThat(all).as("%s runs java", dockerfile.file()).isNotEmpty();
        assertThat(all.get(0)).isEqualTo("java");
        int jar = all.indexOf(JAR);
        if (jar < 0) {
            int argumentFile = java.util.stream.IntStream.range(0, all.size()).filter(i -> all.get(i).startsWith("@"))
                    .findFirst().orElse(-1);
            assertThat(argumentFile).as("%s runs %s or names an argument file", dockerfile.file(), JAR).isPositive();
            assertThat(all).as("a subcommand after the argument file").hasSizeGreaterThan(argumentFile + 1);
            String subcommand = all.get(argumentFile + 1);
            String file = all.get(argumentFile).substring(1);
            assertThat(dockerfile.finalStage()).as("a RUN that writes %s for `%s`", file, subcommand)
                    .anyMatch(i -> i.keyword().equals("RUN") && i.arguments().contains(JAR + " prepare --print-launch "
                            + subcommand + " > " + file));
            return subcommand;
        }
        assertThat(all.get(jar - 1)).isEqualTo("-jar");
        assertThat(all).as("a subcommand after the jar").hasSizeGreaterThan(jar + 1);
        return all.get(jar + 1);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runsAServerSubcommandOfTheCli(Path file) {
        String subcommand = subcommand(Dockerfile.read(file));
        assertThat(Executables.isServer(subcommand)).as("`dispotify %s` is a server command", subcommand).isTrue();
        assertThat(file.getFileName().toString()).isEqualTo(subcommand + ".Dockerfile");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void everyVariableItSetsIsOneTheServerReads(Path file) {
        Dockerfile dockerfile = Dockerfile.read(file);
        assertThat(dockerfile.environment()).isNotEmpty();
        assertThat(Executables.environmentRead(subcommand(dockerfile))).containsAll(dockerfile.environment().keySet());
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void buildsWithTheWrapperOnAJdkAndRunsOnAJreAsAnUnprivilegedUser(Path file) {
        Dockerfile dockerfile = Dockerfile.read(file);
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(dockerfile.baseImage(0)).isEqualTo("eclipse-temurin:17-jdk");
        assertThat(dockerfile.stages().get(0)).anyMatch(i -> i.keyword().equals("RUN") && i.arguments().contains("./mvnw"));
        assertThat(dockerfile.baseImage(dockerfile.stages().size() - 1)).matches("eclipse-temurin:\\d+-jre");
        String user = dockerfile.last("USER").orElseThrow();
        assertThat(user).isNotIn("root", "0");
        assertThat(dockerfile.finalStage()).anyMatch(i -> i.keyword().equals("RUN") && i.arguments().contains("useradd")
                && i.arguments().contains(" " + user));
    }

    /**
     * Where Docker Hub cannot be reached (these machines), the images build on other base images, and with
     * BuildKit's built-in frontend: a "# syntax=" line would pull the dockerfile frontend from Docker Hub.
     */
    @ParameterizedTest
    @MethodSource("dockerfiles")
    void takesItsBaseImagesAsBuildArgumentsAndNeedsNoFrontendImage(Path file) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(file);
        assertThat(Files.readAllLines(file)).noneMatch(line -> line.strip().toLowerCase().startsWith("# syntax="));
        assertThat(dockerfile.globalArguments()).containsOnlyKeys("JDK_IMAGE", "JRE_IMAGE");
        assertThat(dockerfile.stages().get(0).get(0).arguments()).startsWith("${JDK_IMAGE}");
        assertThat(dockerfile.finalStage().get(0).arguments()).isEqualTo("${JRE_IMAGE}");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void keepsItsStateDirectoryOnAVolume(Path file) {
        Dockerfile dockerfile = Dockerfile.read(file);
        String dir = dockerfile.environment().get("DISPOTIFY_DIR");
        assertThat(dir).startsWith("/");
        assertThat(Dockerfile.jsonArray(dockerfile.last("VOLUME").orElseThrow())).contains(dir);
        assertThat(dockerfile.last("WORKDIR")).contains(dir);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void healthcheckRunsTheScriptTheImageInstalls(Path file) {
        Dockerfile dockerfile = Dockerfile.read(file);
        List<String> healthcheck = dockerfile.healthcheck();
        assertThat(healthcheck).hasSize(1);
        String installed = dockerfile.copiedFromContext().entrySet().stream()
                .filter(copy -> copy.getKey().endsWith("/" + healthcheck.get(0)))
                .map(copy -> copy.getValue()).findFirst()
                .orElseThrow(() -> new AssertionError(file + " does not install " + healthcheck.get(0)));
        assertThat(ROOT.resolve(installed)).isRegularFile();
        assertThat(dockerfile.last("HEALTHCHECK").orElseThrow()).contains("--timeout=");
    }

    @Test
    void bothImagesShareOneBuildStageSoTheProjectCompilesOnce() {
        Dockerfile dns = Dockerfile.read(DOCKER.resolve("dns.Dockerfile"));
        Dockerfile node = Dockerfile.read(DOCKER.resolve("node.Dockerfile"));
        assertThat(dns.stages().get(0)).isEqualTo(node.stages().get(0));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalState() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains(".git", "**/target", ".dispotify", ".env");
    }
}
