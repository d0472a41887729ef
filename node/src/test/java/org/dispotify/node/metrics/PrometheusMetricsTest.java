package org.dispotify.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.node.Dispotify;
import org.dispotify.node.deploy.HealthcheckScriptAccess;
import org.dispotify.node.local.MultipartUpload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names README.md documents are the ones the processes export. A name service, a data
 * node and a router are started through the real command line (`dispotify dns`, `dispotify node`),
 * so /actuator/prometheus is exposed exactly as in production; some traffic makes the lazily created
 * meters appear (ring messages, an upload, a stream, a rejected upload, a DNS query); then every
 * README row must be in the scrape of the processes it names. The images' healthcheck script is run
 * against the same processes.
 */
class PrometheusMetricsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<ConfigurableApplicationContext> contexts = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;

    static int dnsHttp;
    static int dnsPort;
    static int dataPort;
    static int routerPort;

    @BeforeAll
    static void startNameServiceDataNodeAndRouter() throws Exception {
        dnsHttp = freePort();
        dnsPort = freePort();
        dataPort = freePort();
        routerPort = freePort();
        run("dns", "--port", Integer.toString(dnsHttp), "--dns-port", Integer.toString(dnsPort),
                "--dir", dir.resolve("dns").toString());
        String names = "127.0.0.1:" + dnsHttp;
        run("node", "--port", Integer.toString(dataPort), "--role", "data", "--name-servers", names,
                "--node-id", "metrics-data", "--dir", dir.resolve("data").toString());
        run("node", "--port", Integer.toString(routerPort), "--role", "router", "--name-servers", names,
                "--node-id", "metrics-router", "--dir", dir.resolve("router").toString());
        // Both in the ring: each sees the other alive.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                json(routerPort, "/ring/view").map(view -> view.path("members").size() == 2
                        && "metrics-data".equals(view.path("predecessor").asString())).orElse(false));
    }

    /** Runs a server subcommand in this JVM and keeps its Spring context, to close it afterwards. */
    private static void run(String... arguments) throws Exception {
        int exit = SpringApplication.withHook(application -> new SpringApplicationRunListener() {
            @Override
            public void started(ConfigurableApplicationContext context, Duration timeTaken) {
                contexts.add(context);
            }
        }, () -> Dispotify.commandLine().execute(arguments));
        assertThat(exit).as("dispotify %s", String.join(" ", arguments)).isZero();
    }

    @AfterAll
    static void stop() {
        // Nodes first, so they can still leave the name service.
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
        Collections.reverse(reversed);
        reversed.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void everyMetricInTheReadmeIsExportedByTheProcessesItNames() throws Exception {
        makeTraffic();
        Map<String, Set<String>> scraped = Map.of(
                "name service", exported(dnsHttp),
                "data node", exported(dataPort),
                "router", exported(routerPort));
        Map<String, String> documented = MetricsTable.read(ROOT.resolve("README.md"));
        assertThat(documented).hasSizeGreaterThanOrEqualTo(20);
        documented.forEach((metric, where) -> {
            List<String> processes = where.equals("every node") ? List.of("data node", "router") : List.of(where);
            assertThat(scraped.keySet()).as("README row %s names a process", metric).containsAll(processes);
            processes.forEach(process -> assertThat(scraped.get(process)).as("%s on the %s", metric, process).contains(metric));
        });
    }

    @Test
    void theGrafanaDashboardQueriesOnlyDocumentedMetrics() throws Exception {
        Set<String> documented = MetricsTable.read(ROOT.resolve("README.md")).keySet();
        JsonNode dashboard = JSON.readTree(ROOT.resolve("ops/grafana/dispotify.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        Pattern metric = Pattern.compile("\\b((?:dispotify|ring|http_server)_[a-z0-9_]+)");
        Set<String> used = new TreeSet<>();
        expressions.forEach(expression -> {
            Matcher matcher = metric.matcher(expression);
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        });
        assertThat(used).isNotEmpty();
        // A histogram's or summary's series (_count, _sum, _bucket, _max) come with the documented name.
        assertThat(used).allSatisfy(name -> assertThat(documented.contains(name)
                || documented.contains(name.replaceAll("_(count|sum|bucket|max)$", ""))).as(name).isTrue());
    }

    @Test
    void theImagesHealthcheckPassesAgainstARealNodeAndNameService() throws Exception {
        for (int port : new int[] {dnsHttp, dataPort, routerPort}) {
            assertThat(HealthcheckScriptAccess.run(Map.of("DISPOTIFY_PORT", Integer.toString(port),
                    "DISPOTIFY_BIND", "127.0.0.1"))).as("healthcheck on %d", port).isZero();
        }
    }

    /** What makes the lazily registered meters appear: an upload through the router, a stream, a bad upload, a DNS query. */
    private static void makeTraffic() throws Exception {
        Path song = ROOT.resolve("samples/first-light/02-harbor-lights.mp3");
        MultipartUpload upload = new MultipartUpload(Duration.ofSeconds(60));
        MultipartUpload.Result stored = upload.send(URI.create("http://127.0.0.1:" + routerPort + "/api/songs"), song,
                Map.of(), Optional.empty(), sent -> { });
        assertThat(stored.ok()).as(stored.body()).isTrue();
        String id = JSON.readTree(stored.body()).path("id").asString();
        HttpResponse<byte[]> audio = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + dataPort + "/data/songs/" + id + "/audio")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audio.body()).hasSize((int) Files.size(song));
        Path notAudio = dir.resolve("not-audio.mp3");
        Files.writeString(notAudio, "this is not a song, just text that says so ".repeat(20));
        assertThat(upload.send(URI.create("http://127.0.0.1:" + dataPort + "/data/songs"), notAudio, Map.of(),
                Optional.empty(), sent -> { }).status()).isEqualTo(415);

        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsPort);
        resolver.setTimeout(Duration.ofSeconds(3));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("data.dispotify."), Type.A, DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    }

    /** The metric names in a process's scrape (the names after # TYPE, and every sample's name). */
    private static Set<String> exported(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/actuator/prometheus on %d", port).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        response.body().lines().forEach(line -> {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]")[0]);
            }
        });
        return names;
    }

    private static Optional<JsonNode> json(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // The UDP port is in use: try another.
            }
        }
        throw new IOException("no free port");
    }
}
