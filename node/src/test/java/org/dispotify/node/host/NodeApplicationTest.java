package org.dispotify.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A node hosts both roles; only the active one answers, and a role switch moves the node's name
 * service registration from one group to the other.
 */
@SpringBootTest(classes = NodeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class NodeApplicationTest {

    @TempDir
    static Path dir;

    static final List<String> nameServiceCalls = new CopyOnWriteArrayList<>();

    static final DisposableServer nameService = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes
                    .put("/api/records", (req, res) -> req.receive().aggregate().asString()
                            .doOnNext(body -> nameServiceCalls.add("PUT " + body))
                            .then(res.status(200).send()))
                    .delete("/api/records/{name}/{nodeId}", (req, res) -> {
                        nameServiceCalls.add("DELETE " + req.param("name") + " " + req.param("nodeId"));
                        return res.status(204).send();
                    })
                    .get("/api/resolve/{name}", (req, res) -> res.status(200)
                            .header("Content-Type", "application/json").sendString(Mono.just("[]"))))
            .bindNow(Duration.ofSeconds(5));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> dir.toString());
        registry.add("dispotify.node.id", () -> "test-node");
        registry.add("dispotify.node.host", () -> "127.0.0.1");
        registry.add("dispotify.node.port", () -> 8089);
        registry.add("dispotify.node.role", () -> "DATA");
        registry.add("dispotify.node.pinned", () -> "false");
        registry.add("dispotify.naming.servers", () -> "127.0.0.1:" + nameService.port());
        registry.add("dispotify.naming.ttl-seconds", () -> "3");
        registry.add("management.endpoints.web.exposure.include", () -> "health,info,prometheus");
        // Short, so the slow-client tests below are quick; the other timeouts keep their defaults.
        registry.add("dispotify.server.header-timeout", () -> "1s");
    }

    @AfterAll
    static void stopNameService() {
        nameService.disposeNow(Duration.ofSeconds(5));
    }

    @Autowired
    WebTestClient http;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    CurrentRole currentRole;

    @Test
    void onlyTheActiveRoleAnswersAndASwitchMovesTheRegistration() {
        // Starts as data: data endpoints answer, router endpoints are refused with the node's role.
        http.get().uri("/data/songs").exchange().expectStatus().isOk();
        http.get().uri("/api/songs").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.role").isEqualTo("data")
                .jsonPath("$.title").isEqualTo("Wrong role for this endpoint");
        http.get().uri("/actuator/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.node.role").isEqualTo("data").jsonPath("$.node.id").isEqualTo("test-node");
        await().atMost(Duration.ofSeconds(5)).until(() -> nameServiceCalls.stream()
                .anyMatch(call -> call.startsWith("PUT") && call.contains("\"data.dispotify\"") && call.contains("test-node")));

        assertThat(currentRole.switchTo(Role.ROUTER)).isTrue();

        http.get().uri("/data/songs").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.role").isEqualTo("router");
        http.get().uri("/api/songs").exchange()
                .expectBody().jsonPath("$.title").value(title -> assertThat(title).isNotEqualTo("Wrong role for this endpoint"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(nameServiceCalls).anyMatch(call -> call.startsWith("PUT") && call.contains("\"router.dispotify\""));
            assertThat(nameServiceCalls).contains("DELETE data.dispotify test-node");
        });
    }

    @Test
    void everyResponseCarriesTheBrowserHardeningHeaders() {
        http.get().uri("/actuator/health").exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Content-Security-Policy", SecurityHeaders.POLICY)
                .expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
                        .contains("script-src 'self';").doesNotContain("unsafe-inline"));
    }

    @Test
    void healthAnswersInEitherRole() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void aClientTricklingItsHeadersIsClosedAndTheNodeKeepsServing() throws Exception {
        byte[] head = "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(200);
            boolean closed = false;
            // A byte every 200 ms resets any idle timer; only the header deadline (1 s here) ends it.
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    socket.getOutputStream().write(head[i]);
                    closed = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep trickling
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed before the headers were complete").isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void aRingLinkOutlivesTheRequestDeadlines() {
        org.dispotify.ring.message.RingCodec codec = new org.dispotify.ring.message.RingCodec();
        org.dispotify.ring.message.Peer peer = new org.dispotify.ring.message.Peer("prober", "127.0.0.1", 9);
        int frames = 15; // 3 s of pings, three times the header deadline
        Integer code = reactor.netty.http.client.HttpClient.create().websocket()
                .uri("ws://127.0.0.1:" + port + "/ring")
                .handle((in, out) -> out.sendString(reactor.core.publisher.Flux.range(0, frames)
                                .delayElements(Duration.ofMillis(200))
                                .map(i -> codec.encode(new org.dispotify.ring.message.RingMessage.Ping(peer, i, "test-node", 0))))
                        .then()
                        .then(in.receiveCloseStatus().map(status -> status.code())
                                .timeout(Duration.ofMillis(300), Mono.just(-1))))
                .next()
                .block(Duration.ofSeconds(15));

        assertThat(code).as("still open after every ping (-1), not closed by the server").isEqualTo(-1);
    }
}
