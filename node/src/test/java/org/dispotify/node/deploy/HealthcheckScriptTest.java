package org.dispotify.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The images' HEALTHCHECK script (bash only: the JRE image has no curl): healthy on a 200 from
 * /actuator/health, unhealthy on anything else or on silence. The same script against a real node
 * and name service runs in {@link org.dispotify.node.metrics.PrometheusMetricsTest}.
 */
class HealthcheckScriptTest {

    static final Path SCRIPT = DockerfileTest.ROOT.resolve("ops/docker/healthcheck");

    private final List<String> paths = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Runs the script as Docker would, with the container's variables; returns its exit code. */
    static int run(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("DISPOTIFY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the healthcheck returns").isTrue();
        process.getInputStream().readAllBytes();
        return process.exitValue();
    }

    private final List<String> hosts = new CopyOnWriteArrayList<>();

    private int serve(int status) throws IOException {
        return serve(status, InetAddress.getLoopbackAddress());
    }

    private int serve(int status, InetAddress address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 8);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "{\"status\":\"X\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void healthyWhenActuatorHealthAnswers200() throws Exception {
        int port = serve(200);
        assertThat(run(Map.of("DISPOTIFY_PORT", Integer.toString(port), "DISPOTIFY_BIND", "0.0.0.0"))).isZero();
        assertThat(paths).containsExactly("/actuator/health");
    }

    @Test
    void unhealthyWhenHealthIsDown() throws Exception {
        int port = serve(503);
        assertThat(run(Map.of("DISPOTIFY_PORT", Integer.toString(port)))).isEqualTo(1);
    }

    @Test
    void unhealthyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(run(Map.of("DISPOTIFY_PORT", Integer.toString(port)))).isEqualTo(1);
    }

    @Test
    void asksOnTheBindAddressWhenItIsNotAWildcard() throws Exception {
        // Listening on 127.0.0.2 only (all of 127/8 is loopback on Linux): the fallback 127.0.0.1 finds nothing.
        InetAddress bind = InetAddress.getByName("127.0.0.2");
        int port = serve(200, bind);

        assertThat(run(Map.of("DISPOTIFY_PORT", Integer.toString(port), "DISPOTIFY_BIND", "127.0.0.2"))).isZero();
        assertThat(hosts).containsExactly("127.0.0.2:" + port);
        assertThat(run(Map.of("DISPOTIFY_PORT", Integer.toString(port), "DISPOTIFY_BIND", "0.0.0.0")))
                .as("a wildcard bind is asked on 127.0.0.1, where this server does not listen").isEqualTo(1);
        assertThat(paths).hasSize(1);
    }
}
