package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32C;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * `dispotify up`, `status` and `down` as a user runs them: real child JVMs from the built jar. Ports
 * are away from the defaults so a developer's own cluster does not get in the way.
 */
class LocalClusterIT {

    private static final Path JAR = Path.of(System.getProperty("dispotify.jar", "target/dispotify.jar"));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<Long> childPids = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        // Stop only what this test started, even when an assertion failed half way.
        childPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void upStartsTheNameServiceAndAutoNodesInRatioLoadsTheDemoAndDownLeavesNothingBehind() throws Exception {
        int base = freeBase();
        Process up = up(base, 3, true);

        // Progress while starting: each process starting, each node joined the ring and ready, then the totals.
        String progress = output(up);
        assertThat(progress).contains("dns        starting (pid", "dns        ready as name service (",
                "processes ready in", "Up in");
        for (int port = base + 100; port < base + 103; port++) {
            assertThat(progress).containsPattern("node-" + port + " +starting \\(pid \\d+\\)")
                    .containsPattern("node-" + port + " +joined the ring as (data|router) \\(\\d+\\.\\d s\\)")
                    .containsPattern("node-" + port + " +ready as (data|router) \\(\\d+\\.\\d s\\)");
        }
        List<String> first = progress.lines().filter(l -> l.startsWith("  node-" + (base + 100) + " ")).toList();
        assertThat(first).hasSize(3);
        assertThat(first.get(1)).contains("joined the ring");
        assertThat(first.get(2)).contains("ready as");
        assertThat(progress).doesNotContain("\033[");

        // `up` saw every process healthy; on a loaded machine a status probe can still time out once.
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            seen[0] = statusJson();
            assertThat(seen[0]).hasSize(4).allSatisfy(row ->
                    assertThat(row.path("healthy").asBoolean()).as("healthy: %s", row).isTrue());
        });
        JsonNode status = seen[0];
        List<String> roles = new ArrayList<>();
        status.forEach(row -> {
            roles.add(row.path("role").asString());
            childPids.add(row.path("pid").asLong());
        });
        // Started together, each in its join-order role: 1 -> data, 2 -> 1 data + 1 router, 3 -> 2 data + 1 router.
        // The ring holds deficits while members are still arriving, so no two nodes swap (StartUpRolesTest).
        assertThat(roles).containsExactly("dns", "data", "router", "data");
        assertThat(status.get(1).path("port").asInt()).isEqualTo(base + 100);

        JsonNode data = JSON.readTree(httpGet("http://127.0.0.1:" + base + "/api/resolve/data.dispotify"));
        assertThat(data).hasSize(2);
        JsonNode routers = JSON.readTree(httpGet("http://127.0.0.1:" + base + "/api/resolve/router.dispotify"));
        assertThat(routers).hasSize(1);

        // The demo library went in through the router: every sample is in its catalog and playable.
        long samples;
        try (var files = Files.walk(SAMPLES)) {
            samples = files.filter(f -> f.getFileName().toString().matches(".*\\.(mp3|flac|ogg|opus|wav)")).count();
        }
        String router = "http://127.0.0.1:" + routers.get(0).path("port").asInt();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(JSON.readTree(httpGet(router + "/api/songs?size=100")).path("total").asLong()).isEqualTo(samples));
        String songId = JSON.readTree(httpGet(router + "/api/songs?size=1")).path("items").get(0).path("id").asString();
        JsonNode providers = JSON.readTree(httpGet(router + "/api/songs/" + songId + "/providers"));
        assertThat(providers.path("providers")).isNotEmpty();
        assertThat(httpGet(providers.path("providers").get(0).path("url").asString())).isNotEmpty();

        // status per node: id, address, ring neighbours; the two data nodes each hold every song.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (JsonNode row : statusJson()) {
                if (row.path("role").asString().equals("dns")) {
                    continue;
                }
                int port = row.path("port").asInt();
                assertThat(row.path("id").asString()).as("%s", row).startsWith("node-" + port);
                assertThat(row.path("address").asString()).isEqualTo("127.0.0.1:" + port);
                assertThat(row.path("predecessor").asString()).as("%s", row).startsWith("node-");
                assertThat(row.path("successors")).as("%s", row).isNotEmpty();
                if (row.path("role").asString().equals("data")) {
                    assertThat(row.path("songs").asLong()).as("%s", row).isEqualTo(samples);
                    assertThat(row.path("underReplicated").asLong()).as("%s", row).isZero();
                } else {
                    assertThat(row.path("songs").isNull()).as("%s", row).isTrue();
                }
            }
        });
        Process table = cli("status", "--dir", dir.toString());
        assertThat(table.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(table)).contains("UNDER-REPLICATED", "3 nodes (2 data, 1 router), 4 of 4 processes up",
                "no song under-replicated");

        Process down = cli("down", "--dir", dir.toString());
        assertThat(down.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(down.exitValue()).as(output(down)).isZero();

        assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("up exits after down").isTrue();
        assertNoneAlive(childPids);
        assertThat(dir.resolve("cluster.json")).doesNotExist();
        assertThat(statusJson()).isEmpty();
    }

    @Test
    void ctrlCOnUpStopsEveryChild() throws Exception {
        Process up = up(freeBase(), 1, false);
        statusJson().forEach(row -> childPids.add(row.path("pid").asLong()));
        assertThat(childPids).hasSize(2);

        // A node killed under `up` is a DOWN row in status, not a stack trace.
        ProcessHandle node = ProcessHandle.of(childPids.get(1)).orElseThrow();
        node.destroyForcibly();
        node.onExit().get(30, TimeUnit.SECONDS);
        JsonNode rows = statusJson();
        assertThat(rows.get(1).path("healthy").asBoolean()).isFalse();
        assertThat(rows.get(1).path("role").asString()).isEqualTo("down");
        Process table = cli("status", "--dir", dir.toString());
        assertThat(table.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(table.exitValue()).isZero();
        assertThat(output(table)).contains("DOWN").doesNotContain("Exception");

        new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor(5, TimeUnit.SECONDS);

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up exits on Ctrl-C").isTrue();
        assertNoneAlive(childPids);
    }

    @Test
    void childrenStopByThemselvesWhenUpIsKilled() throws Exception {
        Process up = up(freeBase(), 1, false);
        statusJson().forEach(row -> childPids.add(row.path("pid").asLong()));
        assertThat(childPids).hasSize(2);

        up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertNoneAlive(childPids));
    }

    @Test
    void upRefusesPortsInUseWithAClearMessage() throws Exception {
        int base = freeBase();
        try (var blocker = new java.net.ServerSocket(base + 100, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process up = cli("up", "--nodes", "1", "--no-demo", "--dir", dir.toString(),
                    "--dns-http-port", Integer.toString(base), "--dns-port", Integer.toString(base + 1),
                    "--first-port", Integer.toString(base + 100));
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(up.exitValue()).isEqualTo(2);
            assertThat(output(up)).contains("ports in use").contains((base + 100) + "/tcp");
        }
        assertThat(statusJson()).isEmpty();
    }

    @Test
    void nodesStartFromTheStartupArchivesAndStartAnywayWhenOneIsDamaged() throws Exception {
        Path cache = dir.resolve("startup-cache");
        environment.put("DISPOTIFY_STARTUP_CACHE", cache.toString());
        Process prepare = cli("prepare");
        assertThat(prepare.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(prepare.exitValue()).as(output(prepare)).isZero();
        assertThat(output(prepare)).contains("dns ok", "node ok");
        Process again = cli("prepare");
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(again)).as("nothing to do the second time").doesNotContain("preparing");

        Process up = up(freeBase(), 1, false);
        assertThat(childCommands()).hasSize(2).allSatisfy(command -> assertThat(command).containsPattern(ARCHIVE_OPTION));
        assertThat(output(up)).doesNotContain("starting without it");
        down(up);

        // Two damages in one start. The node's archive is damaged at the same size: the stamp's CRC gives it away,
        // the node starts from the plain jar, and up says so once. The name service's is truncated and stamped as
        // if whole: the JVM gets it (JDK 17 crashes on it), and the name service still comes up.
        flipAByte(archive(cache, "node."));
        truncateAndRestamp(archive(cache, "dns."), "dns");
        up = up(freeBase(), 1, false);
        List<String> commands = childCommands();
        assertThat(commands.get(1)).doesNotContainPattern(ARCHIVE_OPTION);
        assertThat(output(up)).containsOnlyOnce("node archive is damaged: starting without it");
        JsonNode rows = statusJson();
        assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row.path("healthy").asBoolean()).as("%s", row).isTrue());
        rows.forEach(row -> childPids.add(row.path("pid").asLong()));
        down(up);
    }

    private static final java.util.Optional<Path> PERL = java.util.stream.Stream.of("/usr/bin/perl", "/bin/perl")
            .map(Path::of).filter(Files::isExecutable).findFirst();
    private static final java.util.regex.Pattern ARCHIVE_OPTION = java.util.regex.Pattern.compile("-XX:(SharedArchiveFile|AOTCache)=");

    /** The command lines of the children `status` lists, in its order (name service first). */
    private List<String> childCommands() throws Exception {
        List<String> commands = new ArrayList<>();
        for (JsonNode row : statusJson()) {
            childPids.add(row.path("pid").asLong());
            ProcessHandle child = ProcessHandle.of(row.path("pid").asLong()).orElseThrow();
            commands.add(child.info().commandLine().orElseThrow());
        }
        return commands;
    }

    private void down(Process up) throws Exception {
        Process down = cli("down", "--dir", dir.toString());
        assertThat(down.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(down.exitValue()).as(output(down)).isZero();
        assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static Path archive(Path cache, String prefix) throws IOException {
        try (var found = Files.find(cache, 2, (path, attributes) -> path.getFileName().toString().startsWith(prefix)
                && !path.getFileName().toString().endsWith(".log"))) {
            return found.findFirst().orElseThrow();
        }
    }

    private static void flipAByte(Path file) throws IOException {
        file.toFile().setWritable(true);
        try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "rw")) {
            bytes.seek(bytes.length() / 2);
            int b = bytes.read();
            bytes.seek(bytes.length() / 2);
            bytes.write(b ^ 0xff);
        }
    }

    /** Cuts {@code archive} short and writes its new size and CRC into the stamp, under {@code kind}'s keys. */
    private static void truncateAndRestamp(Path archive, String kind) throws IOException {
        try (RandomAccessFile bytes = new RandomAccessFile(archive.toFile(), "rw")) {
            bytes.setLength(1_000_000);
        }
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(archive));
        Path stampFile = archive.resolveSibling("stamp.properties");
        Properties stamp = new Properties();
        try (InputStream in = Files.newInputStream(stampFile)) {
            stamp.load(in);
        }
        assertThat(stamp).as("the stamp names the %s archive", kind).containsKeys(kind + ".size", kind + ".crc");
        stamp.setProperty(kind + ".size", Long.toString(Files.size(archive)));
        stamp.setProperty(kind + ".crc", Long.toHexString(crc.getValue()));
        try (OutputStream out = Files.newOutputStream(stampFile)) {
            stamp.store(out, null);
        }
    }

    private Process up(int base, int nodes, boolean demo) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("up", "--nodes", Integer.toString(nodes), "--dir", dir.toString(),
                "--dns-http-port", Integer.toString(base), "--dns-port", Integer.toString(base + 1),
                "--first-port", Integer.toString(base + 100), "--samples", SAMPLES.toString()));
        if (!demo) {
            arguments.add("--no-demo");
        }
        Process up = cli(arguments.toArray(String[]::new));
        Path log = dir.resolve("up-" + up.pid() + ".out");
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (!up.isAlive()) {
                throw new AssertionError("up exited early:\n" + text);
            }
            return text.contains("Press Ctrl-C");
        });
        return up;
    }

    private JsonNode statusJson() throws Exception {
        Process status = cli("status", "--json", "--dir", dir.toString());
        assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = output(status);
        assertThat(status.exitValue()).as(out).isZero();
        return JSON.readTree(out.substring(out.indexOf('[')));
    }

    private Process cli(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (arguments[0].equals("up") && PERL.isPresent()) {
            // `up` gets Ctrl-C here as from a terminal. A build started in the background (`mvn ... &`, nohup)
            // runs with SIGINT ignored, children inherit that, and the JVM then never installs its handler:
            // reset it to the default first (perl, which Debian always has, execs java in place: same PID).
            command.addAll(List.of(PERL.get().toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cli", ".tmp");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("DISPOTIFY_JAR", JAR.toAbsolutePath().toString());
        // C1 only: these tests are about processes coming and going, not peak speed, and it halves start-up CPU.
        builder.environment().put("DISPOTIFY_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        Path named = dir.resolve(arguments[0] + "-" + process.pid() + ".out");
        Files.createSymbolicLink(named, out);
        started.add(process);
        return process;
    }

    private String output(Process process) throws IOException {
        try (var files = Files.list(dir)) {
            Path file = files.filter(p -> p.getFileName().toString().endsWith("-" + process.pid() + ".out"))
                    .findFirst().orElseThrow();
            return Files.readString(file, StandardCharsets.UTF_8);
        }
    }

    private static void assertNoneAlive(List<Long> pids) {
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse());
    }

    private static String httpGet(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /**
     * A base port with room above it for the DNS port and the nodes, all free now, and all below the
     * kernel's ephemeral range (32768 and up): a port in it can be taken between this check and the
     * node's bind by any outgoing connection on the machine (CI saw "Address already in use" that way).
     */
    private static int freeBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(0, 120) * 100;
            if (Ports.tcpFree(base) && Ports.tcpFree(base + 1) && Ports.udpFree(base + 1)
                    && Ports.tcpFree(base + 100) && Ports.tcpFree(base + 101) && Ports.tcpFree(base + 102)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }
}
