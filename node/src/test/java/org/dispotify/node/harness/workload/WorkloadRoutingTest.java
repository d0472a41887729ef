package org.dispotify.node.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.dispotify.node.harness.workload.Operation.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the workload finds and retries routers (issue 14: "connection refused on both routers" while a
 * live router was listed): against stub routers on 127.0.0.1 and a name service that is a list.
 */
class WorkloadRoutingTest {

    private static final Pattern FILENAME = Pattern.compile("filename=\"([0-9a-f]{64})\\.wav\"");

    private HttpServer live;
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private URI liveUri;
    private URI deadA;
    private URI deadB;

    @BeforeEach
    void routers() throws IOException {
        live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/", this::answer);
        live.start();
        liveUri = URI.create("http://127.0.0.1:" + live.getAddress().getPort() + "/");
        deadA = closedPort();
        deadB = closedPort();
    }

    @AfterEach
    void stop() {
        live.stop(0);
    }

    @Test
    void everyListedRouterIsTriedSoTwoDeadOnesOfThreeFailNoUpload() {
        Map<String, URI> addresses = Map.of("dead-a", deadA, "dead-b", deadB, "live", liveUri);
        Routers routers = new Routers(() -> List.of("dead-a", "dead-b", "live"), id -> Optional.ofNullable(addresses.get(id)));
        // No retries at all: refused connections must not count as tries.
        Workload workload = Workload.builder(routers).threads(1).retries(0).songSeconds(0.05).build();

        int acknowledged = workload.preload(30);

        assertThat(acknowledged).as(workload.history().summary()).isEqualTo(30);
        assertThat(workload.history().operations()).allSatisfy(op -> {
            assertThat(op.kind()).isEqualTo(Kind.UPLOAD);
            assertThat(op.target()).isEqualTo("live");
            assertThat(op.attempts()).isBetween(1, 3);
        });
        // Shuffled: some operations met a dead router first and went on.
        assertThat(workload.history().operations()).anyMatch(op -> op.attempts() > 1);
    }

    @Test
    void aListOfDeadRoutersIsResolvedAgainBeforeTheOperationGivesUp() {
        AtomicReference<List<String>> listed = new AtomicReference<>(List.of("dead-a", "dead-b"));
        Map<String, URI> addresses = Map.of("dead-a", deadA, "dead-b", deadB, "live", liveUri);
        Routers routers = new Routers(() -> {
            // The name service drops the dead routers and lists the live one on the next resolution.
            List<String> now = listed.get();
            listed.set(List.of("live"));
            return now;
        }, id -> Optional.ofNullable(addresses.get(id)));
        Workload workload = Workload.builder(routers).threads(1).retries(0).songSeconds(0.05).build();

        assertThat(workload.preload(1)).as(workload.history().summary()).isEqualTo(1);
        assertThat(workload.history().operations().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void aBusyRouterIsAskedAgainAfterItsRetryAfter() {
        busyAnswers.set(1);
        Routers routers = new Routers(() -> List.of("live"), id -> Optional.of(liveUri));
        Workload workload = Workload.builder(routers).threads(1).retries(1).songSeconds(0.05).build();

        assertThat(workload.preload(1)).as(workload.history().summary()).isEqualTo(1);
        Operation op = workload.history().operations().get(0);
        assertThat(op.attempts()).isEqualTo(2);
        assertThat(op.firstAttempt()).isEqualTo(Operation.Outcome.INDETERMINATE);
        assertThat(op.latency()).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(calls).hasSize(2);
    }

    @Test
    void aRouterThatAnswersWithAnotherRoleCostsNoRetry() {
        HttpServer wrongRole = null;
        try {
            wrongRole = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            wrongRole.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"type\":\"https://dispotify.org/problems/wrong-role\",\"role\":\"data\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            wrongRole.start();
            URI wrong = URI.create("http://127.0.0.1:" + wrongRole.getAddress().getPort() + "/");
            Map<String, URI> addresses = Map.of("switched", wrong, "live", liveUri);
            Routers routers = new Routers(() -> List.of("switched", "live"), id -> Optional.ofNullable(addresses.get(id)));
            Workload workload = Workload.builder(routers).threads(1).retries(0).songSeconds(0.05).build();

            assertThat(workload.preload(10)).as(workload.history().summary()).isEqualTo(10);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            if (wrongRole != null) {
                wrongRole.stop(0);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        calls.add(exchange.getRequestURI().getPath());
        byte[] answer;
        int status;
        if (busyAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
            answer = "{\"title\":\"Busy\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
        } else {
            Matcher id = FILENAME.matcher(body);
            status = id.find() ? 201 : 400;
            answer = (status == 201 ? "{\"id\":\"" + id.group(1) + "\"}" : "{}").getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }
}
