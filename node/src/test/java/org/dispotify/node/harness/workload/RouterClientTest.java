package org.dispotify.node.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.dispotify.node.harness.workload.Operation.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the workload classifies answers: against a stub router on 127.0.0.1. */
class RouterClientTest {

    private final byte[] song = Songs.wav(0.1, 42);
    private final String id = Songs.id(song);
    private final AtomicInteger status = new AtomicInteger();
    private final AtomicInteger providersStatus = new AtomicInteger(200);
    private final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
    private final RouterClient client = new RouterClient(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
    private HttpServer server;
    private URI router;

    @BeforeEach
    void stubRouter() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        router = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anUploadAcknowledgedWithItsIdIsOkAndA5xxIsIndeterminateAndA4xxFailed() {
        answer(201, "{\"id\":\"" + id + "\",\"replicas\":2}");
        assertThat(client.upload(router, song, id).outcome()).isEqualTo(Outcome.OK);
        answer(201, "{\"id\":\"something-else\"}");
        assertThat(client.upload(router, song, id).outcome()).isEqualTo(Outcome.INDETERMINATE);
        answer(502, "{\"title\":\"No data node stored the song\"}");
        assertThat(client.upload(router, song, id).outcome()).isEqualTo(Outcome.INDETERMINATE);
        answer(503, "{\"type\":\"https://dispotify.org/problems/wrong-role\",\"role\":\"data\"}");
        assertThat(client.upload(router, song, id)).satisfies(wrongRole -> {
            assertThat(wrongRole.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(wrongRole.elsewhere()).as("another router will do; costs no retry").isTrue();
        });
        answer(503, "{\"type\":\"https://dispotify.org/problems/role-switch\",\"role\":\"router\"}");
        assertThat(client.upload(router, song, id).elsewhere()).as("a router leaving its role did nothing").isTrue();
        answer(503, "{\"title\":\"Not durable yet\"}");
        assertThat(client.upload(router, song, id)).satisfies(busy -> {
            assertThat(busy.outcome()).isEqualTo(Outcome.INDETERMINATE);
            assertThat(busy.elsewhere()).isFalse();
        });
        answer(415, "{}");
        assertThat(client.upload(router, song, id).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aRefusedConnectionFailsAnUploadForCertain() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RouterClient.Attempt attempt = client.upload(URI.create("http://127.0.0.1:" + closed + "/"), song, id);
        assertThat(attempt.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(attempt.detail()).startsWith("no connection");
        assertThat(attempt.elsewhere()).isTrue();
    }

    @Test
    void aStreamTriesTheNextProviderAndIsOkOnlyWithTheSameBytes() {
        status.set(200);
        body.set(song);
        assertThat(client.stream(router, id, song).outcome()).isEqualTo(Outcome.OK);
        byte[] other = song.clone();
        other[other.length - 1] ^= 1;
        body.set(other);
        RouterClient.Attempt corrupt = client.stream(router, id, song);
        assertThat(corrupt.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(corrupt.detail()).startsWith(RouterClient.BYTES_DIFFER);
        answer(404, "{}");
        RouterClient.Attempt none = client.stream(router, id, song);
        assertThat(none.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(none.detail()).startsWith("every provider failed").contains("404");
        providersStatus.set(404);
        assertThat(client.stream(router, id, song).detail()).startsWith("providers: 404");
    }

    @Test
    void aCatalogReadNeedsItems() {
        answer(200, "{\"items\":[],\"total\":0}");
        assertThat(client.catalog(router).outcome()).isEqualTo(Outcome.OK);
        answer(200, "{}");
        assertThat(client.catalog(router).outcome()).isEqualTo(Outcome.FAILED);
    }

    private void answer(int code, String json) {
        status.set(code);
        body.set(json.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.get();
        int code = status.get();
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/providers")) {
            // A dead provider first (nothing listens on port 1), then this stub's audio.
            bytes = ("{\"providers\":[{\"nodeId\":\"gone\",\"url\":\"http://127.0.0.1:1/data/songs/" + id
                    + "/audio\"},{\"nodeId\":\"d1\",\"url\":\"" + router + "data/songs/" + id + "/audio\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            code = providersStatus.get();
        }
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
