package org.dispotify.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.harness.workload.Songs;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.dispotify.ring.walk.RoleSwitcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Issue 14 item 3, the node's side: a role switch never cuts an upload or a stream. A request of the
 * role the node does not hold (or is leaving) gets a 503 with Retry-After, the upload body read and
 * dropped, never a reset; an upload under way when the switch begins is stored first; a stream under
 * way plays to its end. The switches here run through a {@link RoleSwitcher} with the node's own
 * {@link RoleDrain}, as the ring runs them (the data role's handover needs other data nodes; the
 * handover tests with songs present are ReplicationIT's).
 */
@SpringBootTest(classes = NodeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleSwitchDrainTest {

    @TempDir
    static Path dir;

    /** A name service that takes every registration and lists no other node: this node is alone. */
    static final DisposableServer nameService = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .put("/api/records", (req, res) -> req.receive().then(res.status(200).send()))
                    .delete("/api/records/{name}/{nodeId}", (req, res) -> res.status(204).send())
                    .get("/api/resolve/{name}", (req, res) -> res.status(200)
                            .header("Content-Type", "application/json").sendString(Mono.just("[]"))))
            .bindNow(Duration.ofSeconds(5));

    @AfterAll
    static void stopNameService() {
        nameService.disposeNow(Duration.ofSeconds(5));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> dir.toString());
        registry.add("dispotify.node.id", () -> "drain-node");
        registry.add("dispotify.node.host", () -> "127.0.0.1");
        registry.add("dispotify.node.port", () -> 8089);
        registry.add("dispotify.node.role", () -> "DATA");
        registry.add("dispotify.naming.servers", () -> "127.0.0.1:" + nameService.port());
    }

    @LocalServerPort
    int port;

    @Autowired
    CurrentRole currentRole;

    @Autowired
    RoleDrain drain;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void backToData() {
        currentRole.switchTo(Role.DATA);
    }

    @Test
    void anUploadToTheOtherRoleGets503WithRetryAfterAfterTheWholeBodyWasSent() throws Exception {
        byte[] song = Songs.wav(300, 1); // 4.8 MB: far more than the socket buffers hold
        String form = new String(multipart(song, "x").body, StandardCharsets.ISO_8859_1);
        String boundary = form.substring(2, form.indexOf("\r\n"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            byte[] body = form.getBytes(StandardCharsets.ISO_8859_1);
            out.write(("POST /api/songs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // A client that reads only after sending everything (as many do) must not meet a reset.
            for (int at = 0; at < body.length; at += 64 * 1024) {
                out.write(body, at, Math.min(64 * 1024, body.length - at));
            }
            out.flush();
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1")
                    .containsIgnoringCase("application/problem+json");
        }

        HttpResponse<String> again = upload("/api/songs", Songs.wav(1, 2));
        assertThat(again.statusCode()).isEqualTo(503);
        assertThat(again.headers().firstValue("Retry-After")).contains("1");
        assertThat(again.body()).contains("wrong-role").contains("\"role\":\"data\"");
    }

    @Test
    void anUploadUnderWayWhenTheSwitchBeginsIsStoredBeforeTheRoleChanges() throws Exception {
        byte[] song = Songs.wav(20, 3);
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch sendTheRest = new CountDownLatch(1);
        Form form = multipart(song, "slow.wav");
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/data/songs"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", form.contentType())
                .POST(new TwoHalves(form.body(), halfSent, sendTheRest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> drain.writesUnderWay(Role.DATA) == 1);

        CompletableFuture<Boolean> switched = new RoleSwitcher(currentRole, List.of(drain), Duration.ofSeconds(60))
                .switchTo(Role.ROUTER).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> drain.draining() == Role.DATA);

        // While it drains: new uploads are sent elsewhere, reads still answer, the role has not changed.
        HttpResponse<String> refused = upload("/data/songs", Songs.wav(1, 4));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("role-switch");
        assertThat(get("/data/songs").statusCode()).isEqualTo(200);
        assertThat(switched).isNotDone();
        assertThat(currentRole.get()).isEqualTo(Role.DATA);

        sendTheRest.countDown();
        HttpResponse<String> stored = slow.get(60, TimeUnit.SECONDS);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        assertThat(stored.body()).contains(Songs.id(song));
        assertThat(switched.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(currentRole.get()).isEqualTo(Role.ROUTER);
        // The handovers hear the outcome before the caller does: the drain has ended by now.
        assertThat(drain.draining()).isNull();
    }

    @Test
    void aSwitchThatIsGivenUpTakesUploadsAgain() throws Exception {
        RoleHandover failing = (from, next) -> Mono.error(new IllegalStateException("no other data node is live"));
        Boolean switched = new RoleSwitcher(currentRole, List.of(drain, failing), Duration.ofSeconds(30))
                .switchTo(Role.ROUTER).onErrorReturn(false).block(Duration.ofSeconds(30));

        assertThat(switched).isFalse();
        assertThat(currentRole.get()).isEqualTo(Role.DATA);
        assertThat(drain.draining()).isNull();
        HttpResponse<String> stored = upload("/data/songs", Songs.wav(1, 5));
        assertThat(stored.statusCode()).as(stored.body()).isIn(200, 201);
    }

    @Test
    void aStreamUnderWayWhenTheNodeLeavesTheDataRolePlaysToItsLastByte() throws Exception {
        byte[] song = Songs.wav(120, 6);
        HttpResponse<String> stored = upload("/data/songs", song);
        assertThat(stored.statusCode()).as(stored.body()).isIn(200, 201);
        String id = Songs.id(song);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /data/songs/" + id + "/audio HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + song.length);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(in.readNBytes(32 * 1024));

            Boolean switched = new RoleSwitcher(currentRole, List.of(drain), Duration.ofSeconds(30))
                    .switchTo(Role.ROUTER).block(Duration.ofSeconds(30));
            assertThat(switched).isTrue();
            assertThat(get("/data/songs/" + id + "/audio").statusCode()).as("a new stream").isEqualTo(503);

            received.write(in.readNBytes(song.length - received.size()));
            assertThat(received.toByteArray()).isEqualTo(song);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> upload(String path, byte[] song) throws Exception {
        Form form = multipart(song, "song.wav");
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Form multipart(byte[] song, String filename) {
        String boundary = "drain-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(song);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Form(boundary, body.toByteArray());
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private record Form(String boundary, byte[] body) {

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }
    }

    /** Sends the first half of a body, then waits for a go before sending the rest (an upload caught mid-way). */
    private static final class TwoHalves implements HttpRequest.BodyPublisher {

        private final byte[] body;
        private final CountDownLatch halfSent;
        private final CountDownLatch sendTheRest;

        TwoHalves(byte[] body, CountDownLatch halfSent, CountDownLatch sendTheRest) {
            this.body = body;
            this.halfSent = halfSent;
            this.sendTheRest = sendTheRest;
        }

        @Override
        public long contentLength() {
            return body.length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            int half = body.length / 2;
            subscriber.onSubscribe(new Flow.Subscription() {
                private int sent;

                @Override
                public void request(long n) {
                    if (sent == 0) {
                        sent = 1;
                        subscriber.onNext(ByteBuffer.wrap(body, 0, half));
                        halfSent.countDown();
                        CompletableFuture.runAsync(() -> {
                            try {
                                if (sendTheRest.await(60, TimeUnit.SECONDS)) {
                                    synchronized (this) {
                                        sent = 2;
                                    }
                                    subscriber.onNext(ByteBuffer.wrap(body, half, body.length - half));
                                    subscriber.onComplete();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                }

                @Override
                public void cancel() {
                    sendTheRest.countDown();
                }
            });
        }
    }
}
