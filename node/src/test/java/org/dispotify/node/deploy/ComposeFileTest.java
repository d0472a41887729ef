package org.dispotify.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, checked without a Docker engine: every service is built from a Dockerfile in
 * the repository and runs a real `dispotify` server; every variable it sets is one that server reads;
 * healthchecks, named volumes, memory limits and healthy-only dependencies are in place; and the
 * scalable service can be scaled.
 */
class ComposeFileTest {

    static final Path ROOT = DockerfileTest.ROOT;
    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?}");

    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        services = new LinkedHashMap<>();
        ((Map<String, Object>) compose.get("services")).forEach((name, body) -> services.put(name, (Map<String, Object>) body));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static Dockerfile dockerfileOf(String service) {
        Map<String, Object> build = map(services.get(service).get("build"));
        assertThat(build).as("%s is built from the repository", service).containsKeys("context", "dockerfile");
        Path file = ROOT.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString()).normalize();
        assertThat(file).as("%s's Dockerfile", service).isRegularFile();
        assertThat(file.startsWith(ROOT)).isTrue();
        return Dockerfile.read(file);
    }

    /** The subcommand a service runs: its own `command`, else its image's CMD. */
    static String subcommandOf(String service) {
        Object command = services.get(service).get("command");
        if (command instanceof List<?> words) {
            return words.get(0).toString();
        }
        if (command instanceof String text) {
            return text.strip().split("\\s+")[0];
        }
        return DockerfileTest.subcommand(dockerfileOf(service));
    }

    static Map<String, String> environmentOf(String service) {
        Map<String, String> variables = new LinkedHashMap<>();
        map(services.get(service).get("environment")).forEach((key, value) -> variables.put(key, String.valueOf(value)));
        return variables;
    }

    static boolean isNode(String service) {
        return subcommandOf(service).equals("node");
    }

    static int replicas(String service) {
        Object replicas = map(services.get(service).get("deploy")).get("replicas");
        return replicas == null ? 1 : ((Number) replicas).intValue();
    }

    @Test
    void hasANameServiceAndFiveNodes() {
        assertThat(services.keySet().stream().filter(s -> subcommandOf(s).equals("dns"))).hasSize(1);
        assertThat(services.keySet().stream().filter(ComposeFileTest::isNode).mapToInt(ComposeFileTest::replicas).sum())
                .isEqualTo(5);
    }

    @Test
    void everyServiceIsBuiltByADockerfileInTheRepositoryAndRunsAServer() {
        Map<String, Path> dockerfileByImage = new LinkedHashMap<>();
        services.keySet().forEach(service -> {
            Dockerfile dockerfile = dockerfileOf(service);
            assertThat(Executables.isServer(subcommandOf(service))).as(service).isTrue();
            Object image = services.get(service).get("image");
            if (image != null) {
                Path previous = dockerfileByImage.putIfAbsent(image.toString(), dockerfile.file());
                assertThat(previous == null || previous.equals(dockerfile.file()))
                        .as("image %s is built from one Dockerfile", image).isTrue();
            }
        });
    }

    /** Every build passes each build argument its Dockerfile declares, from a variable with the Dockerfile's default. */
    @Test
    void everyBuildPassesTheBaseImagesAsBuildArgumentsWithTheDockerfilesDefaults() {
        services.keySet().forEach(service -> {
            Dockerfile dockerfile = dockerfileOf(service);
            Map<String, Object> arguments = map(map(services.get(service).get("build")).get("args"));
            assertThat(arguments).as("%s's build args", service).containsOnlyKeys(dockerfile.globalArguments().keySet());
            dockerfile.globalArguments().forEach((name, fallback) -> assertThat(arguments.get(name).toString())
                    .as("%s's %s", service, name).isEqualTo("${DISPOTIFY_" + name + ":-" + fallback + "}"));
        });
    }

    @Test
    void everyVariableAServiceSetsIsOneItsExecutableReads() {
        services.keySet().forEach(service -> {
            Set<String> read = Executables.environmentRead(subcommandOf(service));
            assertThat(read).as("variables `dispotify %s` reads", subcommandOf(service))
                    .containsAll(environmentOf(service).keySet());
        });
    }

    @Test
    void everyServiceListeningBeyondLoopbackGetsTheClusterSecretFromDotEnv() {
        services.keySet().forEach(service -> {
            Map<String, String> environment = environmentOf(service);
            String bind = environment.getOrDefault("DISPOTIFY_BIND", dockerfileOf(service).environment().get("DISPOTIFY_BIND"));
            assertThat(bind).as(service).isEqualTo("0.0.0.0");
            assertThat(environment.get("DISPOTIFY_CLUSTER_SECRET")).as(service).startsWith("${DISPOTIFY_CLUSTER_SECRET:?");
            if (isNode(service)) {
                assertThat(environment.get("DISPOTIFY_UPLOAD_TOKEN")).as(service).startsWith("${DISPOTIFY_UPLOAD_TOKEN:?");
                assertThat(environment.get("DISPOTIFY_HOST")).as("%s registers its container address", service).isEqualTo("auto");
                assertThat(environment.get("DISPOTIFY_NAME_SERVERS")).as(service).isEqualTo(nameServerAddress());
            }
        });
    }

    /** The nodes reach the name service by its Compose service name, on its HTTP port. */
    private static String nameServerAddress() {
        String dns = services.keySet().stream().filter(s -> subcommandOf(s).equals("dns")).findFirst().orElseThrow();
        return dns + ":" + environmentOf(dns).get("DISPOTIFY_PORT");
    }

    @Test
    void everyHealthcheckRunsTheScriptItsImageInstalls() {
        services.keySet().forEach(service -> {
            Map<String, Object> healthcheck = map(services.get(service).get("healthcheck"));
            assertThat(healthcheck).as(service).containsKeys("test", "interval", "timeout", "retries");
            List<?> test = (List<?>) healthcheck.get("test");
            assertThat(test).as(service).hasSize(2).first().isEqualTo("CMD");
            assertThat(dockerfileOf(service).healthcheck()).as(service).containsExactly(test.get(1).toString());
        });
    }

    @Test
    void dependenciesWaitUntilHealthy() {
        services.forEach((service, body) -> map(body.get("depends_on")).forEach((dependency, how) -> {
            assertThat(services).as("%s depends on a service of this file", service).containsKey(dependency);
            assertThat(map(how)).as("%s -> %s", service, dependency).containsEntry("condition", "service_healthy");
            assertThat(services.get(dependency)).containsKey("healthcheck");
        }));
        services.keySet().stream().filter(ComposeFileTest::isNode).forEach(node ->
                assertThat(map(services.get(node).get("depends_on"))).as(node).isNotEmpty());
    }

    @Test
    void everyServiceKeepsItsStateOnANamedVolumeAndHasAMemoryLimit() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        services.keySet().forEach(service -> {
            String dir = environmentOf(service).getOrDefault("DISPOTIFY_DIR", dockerfileOf(service).environment().get("DISPOTIFY_DIR"));
            List<?> volumes = (List<?>) services.get(service).get("volumes");
            assertThat(volumes).as(service).isNotNull();
            assertThat(volumes.stream().map(Object::toString))
                    .as("%s mounts a named volume on its state directory %s", service, dir)
                    .anyMatch(v -> declared.contains(v.split(":")[0]) && v.split(":")[1].equals(dir));
            Map<String, Object> limits = map(map(map(services.get(service).get("deploy")).get("resources")).get("limits"));
            assertThat(limits.get("memory")).as("%s memory limit", service).isNotNull();
            assertThat(limits.get("memory").toString()).matches("\\d+[mg]");
        });
    }

    @Test
    void volumesAreNotSharedExceptThroughStateSlots() {
        Map<String, List<String>> users = new LinkedHashMap<>();
        services.forEach((service, body) -> ((List<?>) body.get("volumes")).forEach(v ->
                users.computeIfAbsent(v.toString().split(":")[0], k -> new java.util.ArrayList<>()).add(service)));
        users.forEach((volume, sharing) -> assertThat(sharing).as("services on volume %s", volume).hasSize(1));
        services.keySet().stream().filter(ComposeFileTest::scalable).forEach(service ->
                assertThat(environmentOf(service)).as("replicas of %s each claim a slot of the shared volume", service)
                        .containsEntry("DISPOTIFY_STATE_SLOT", "true"));
    }

    /** A service `--scale` may run several of: a node that publishes no host port and has no fixed name or id. */
    static boolean scalable(String service) {
        Map<String, Object> body = services.get(service);
        return isNode(service) && !body.containsKey("ports") && !body.containsKey("container_name");
    }

    @Test
    void nodesScaleWithoutClashes() {
        List<String> scalable = services.keySet().stream().filter(ComposeFileTest::scalable).toList();
        assertThat(scalable).as("a node service `docker compose up --scale` can grow").isNotEmpty();
        scalable.forEach(service -> {
            assertThat(environmentOf(service)).as(service).doesNotContainKey("DISPOTIFY_NODE_ID")
                    .containsEntry("DISPOTIFY_ROLE", "auto");
            assertThat(services.get(service)).as(service).doesNotContainKey("hostname");
        });
        services.keySet().stream().filter(s -> replicas(s) > 1).forEach(s -> assertThat(scalable).contains(s));
    }

    @Test
    void thePlayerIsPublishedOnOneHostPortByAPinnedRouter() {
        List<String> publishing = services.keySet().stream().filter(ComposeFileTest::isNode)
                .filter(s -> services.get(s).containsKey("ports")).toList();
        assertThat(publishing).hasSize(1);
        String entry = publishing.get(0);
        assertThat(environmentOf(entry)).containsEntry("DISPOTIFY_ROLE", "router");
        assertThat((List<?>) services.get(entry).get("ports")).hasSize(1).first().asString()
                .endsWith(":" + environmentOf(entry).get("DISPOTIFY_PORT"));
    }

    /**
     * Listeners reach the published router only; the data nodes' container addresses are not
     * reachable from other machines. So every node that may be a router hands out relay URLs.
     */
    @Test
    void everyNodeRelaysAudioSinceOnlyOneRouterIsPublished() {
        services.keySet().stream().filter(ComposeFileTest::isNode).forEach(service ->
                assertThat(environmentOf(service)).as(service).containsEntry("DISPOTIFY_RELAY_AUDIO", "true"));
    }

    @Test
    void dotEnvExampleNamesEveryVariableTheFileInterpolatesAndDotEnvIsIgnored() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));
        Set<String> interpolated = new LinkedHashSet<>();
        Matcher matcher = INTERPOLATION.matcher(text);
        while (matcher.find()) {
            interpolated.add(matcher.group(1));
        }
        assertThat(interpolated).contains("DISPOTIFY_CLUSTER_SECRET", "DISPOTIFY_UPLOAD_TOKEN");
        Set<String> example = new LinkedHashSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(example).containsAll(interpolated);
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
    }
}
