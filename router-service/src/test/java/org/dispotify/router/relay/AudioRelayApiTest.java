package org.dispotify.router.relay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.providers.Provider;
import org.dispotify.router.providers.Providers;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A router with {@code relay-audio} on, in front of the fake data nodes. */
@RelayAudioOn
class AudioRelayApiTest extends RouterTestSupport {

    private static final AtomicInteger SONGS = new AtomicInteger();
    private static final byte[] AUDIO = randomBytes(200_000, 1);
    private static final long WRITE_WINDOW = 256 * 8 * 1024;

    /** A new song per test, so one test's catalog state does not leak into the next. */
    private final FakeSong song = FakeSong.audio("Relayed " + SONGS.incrementAndGet(), "Tests",
            withSuffix(AUDIO, SONGS.get()), "audio/mpeg");

    @Autowired
    AudioRelay relay;

    @Test
    void providersPointAtTheRouterTheListenerReached() {
        holdOn(cluster.a, cluster.b);
        Providers found = web.get().uri("/api/songs/{id}/providers", song.id()).exchange()
                .expectStatus().isOk().expectBody(Providers.class).returnResult().getResponseBody();
        assertThat(found.providers()).extracting(Provider::nodeId).containsExactlyInAnyOrder("data-a", "data-b");
        for (Provider provider : found.providers()) {
            assertThat(provider.url()).isEqualTo(
                    "http://127.0.0.1:" + port + "/api/songs/" + song.id() + "/audio?node=" + provider.nodeId());
        }
        // The address comes from the listener's request: a name it used is what it gets back.
        Providers byName = web.get().uri("/api/songs/{id}/providers", song.id()).header("Host", "music.example:8080")
                .exchange().expectStatus().isOk().expectBody(Providers.class).returnResult().getResponseBody();
        assertThat(byName.providers()).allSatisfy(p -> assertThat(p.url())
                .startsWith("http://music.example:8080/api/songs/" + song.id() + "/audio?node="));
    }

    @Test
    void streamRedirectsToTheRelayKeepingTheQuery() {
        holdOn(cluster.a);
        String location = web.get().uri("/api/songs/{id}/stream?fromMs=5000", song.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.TEMPORARY_REDIRECT)
                .returnResult(Void.class).getResponseHeaders().getLocation().toString();
        assertThat(location).isEqualTo(relayUrl("data-a") + "&fromMs=5000");

        // The redirect leads to the song's bytes, through the router.
        byte[] body = web.get().uri(location).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(song.audio());
        assertThat(cluster.a.lastAudioUri.get()).isEqualTo("/data/songs/" + song.id() + "/audio?fromMs=5000");
    }

    @Test
    void theWholeSongIsRelayedByteForByteWithItsHeaders() {
        holdOn(cluster.a, cluster.b);
        EntityExchangeResult<byte[]> result = web.get().uri(relayPath("data-b")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/mpeg")
                .expectHeader().contentLength(song.audio().length)
                .expectHeader().valueEquals("Accept-Ranges", "bytes")
                .expectHeader().valueEquals("ETag", "\"" + song.id() + "\"")
                .expectBody(byte[].class).returnResult();
        assertThat(result.getResponseBody()).isEqualTo(song.audio());
        assertThat(cluster.b.audioRequests.get()).isEqualTo(1);
        assertThat(cluster.a.audioRequests.get()).isZero();
        assertThat(cluster.b.lastAudioUri.get()).isEqualTo("/data/songs/" + song.id() + "/audio");
    }

    @Test
    void aRangeGets206WithItsContentRange() {
        holdOn(cluster.a);
        byte[] body = web.get().uri(relayPath("data-a")).header("Range", "bytes=1000-1999").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueEquals("Content-Range", "bytes 1000-1999/" + song.audio().length)
                .expectHeader().contentLength(1000)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(java.util.Arrays.copyOfRange(song.audio(), 1000, 2000));

        byte[] tail = web.get().uri(relayPath("data-a")).header("Range", "bytes=-10").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(song.audio(), song.audio().length - 10, song.audio().length));
    }

    @Test
    void anUnsatisfiableRangeIs416AsTheDataNodeSaidIt() {
        holdOn(cluster.a);
        web.get().uri(relayPath("data-a")).header("Range", "bytes=" + song.audio().length + "-").exchange()
                .expectStatus().isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .expectHeader().valueEquals("Content-Range", "bytes */" + song.audio().length);
        assertThat(cluster.a.lastAudioHeaders.get()).containsEntry("Range", "bytes=" + song.audio().length + "-");
    }

    @Test
    void validatorsPassThrough() {
        holdOn(cluster.a);
        String etag = "\"" + song.id() + "\"";
        web.get().uri(relayPath("data-a")).header("If-None-Match", etag).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals("ETag", etag)
                .expectBody().isEmpty();

        // If-Range with a stale validator: the whole song instead of the range.
        byte[] whole = web.get().uri(relayPath("data-a")).header("Range", "bytes=0-9").header("If-Range", "\"stale\"")
                .exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(whole).isEqualTo(song.audio());
        assertThat(cluster.a.lastAudioHeaders.get()).containsEntry("If-Range", "\"stale\"");
        web.get().uri(relayPath("data-a")).header("Range", "bytes=0-9").header("If-Range", etag).exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().contentLength(10);
    }

    @Test
    void headGivesTheHeadersAndNoBody() {
        holdOn(cluster.a);
        web.head().uri(relayPath("data-a")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentLength(song.audio().length)
                .expectHeader().valueEquals("ETag", "\"" + song.id() + "\"")
                .expectBody().isEmpty();
        assertThat(cluster.a.audioRequests.get()).isEqualTo(1);
        assertThat(cluster.a.audioBytesSent.get()).as("the data node was asked with HEAD too").isZero();
    }

    @Test
    void onlyTheSongsHoldersAreRelayed() {
        holdOn(cluster.a);
        cluster.b.hold(FakeSong.of("Other " + SONGS.incrementAndGet(), "Tests", "Tests", "Test"));
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("?size=100", r -> r.expectBody().jsonPath("$.total").isEqualTo(2));

        for (String node : new String[] {"data-b", "nope", "http://127.0.0.1:1", "data-a/../../x"}) {
            web.get().uri("/api/songs/{id}/audio?node={node}", song.id(), node).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://dispotify.org/problems/not-a-provider");
        }
        web.get().uri("/api/songs/{id}/audio?node=data-a", "f".repeat(64)).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/songs/{id}/audio", song.id()).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri(relayPath("data-a") + "&fromMs=-1").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(cluster.b.audioRequests.get()).isZero();
        assertThat(cluster.a.audioRequests.get()).isZero();
    }

    @Test
    void aDataNodeThatFailsBeforeTheFirstByteIs502() {
        holdOn(cluster.a);
        for (FakeDataNode.AudioMode mode : new FakeDataNode.AudioMode[] {
                FakeDataNode.AudioMode.CLOSE_CONNECTION, FakeDataNode.AudioMode.FAIL_500}) {
            cluster.a.audioMode(mode);
            web.get().uri(relayPath("data-a")).exchange()
                    .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://dispotify.org/problems/relay-failed")
                    .jsonPath("$.nodeId").isEqualTo("data-a")
                    .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("127.0.0.1"));
        }
        // A dead process: the catalog still lists it for a moment (drop-after), the relay refuses at once.
        cluster.a.audioMode(FakeDataNode.AudioMode.SERVE);
        cluster.a.stop();
        web.get().uri(relayPath("data-a")).exchange()
                .expectStatus().value(status -> assertThat(status).isIn(502, 404));
    }

    @Test
    void aDataNodeThatSendsNothingIs504AfterTheFirstByteTimeout() {
        holdOn(cluster.a);
        cluster.a.freezeAudio();
        long started = System.nanoTime();
        web.get().uri(relayPath("data-a")).exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://dispotify.org/problems/relay-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    /**
     * 64 MiB through the relay to a listener that reads 1 MiB and then stops reading. Everything the
     * data node sent and the listener did not read yet is buffered somewhere between them: the data
     * node's own write window (~2 MiB), kernel socket buffers on both connections (up to 4 MiB
     * each way send side, the relay's fixed 256 KiB receive side) and the relay's write window. A
     * relay that read ahead of its listener would hold most of the song; this one must stop the data
     * node within a small bound, and then deliver every byte exactly (the song id is the SHA-256).
     */
    @Test
    void aLargeSongStreamsWithBoundedBuffersWhileTheListenerPauses() throws Exception {
        FakeSong big = FakeSong.audio("Big " + SONGS.incrementAndGet(), "Tests", randomBytes(64 << 20, 7), "audio/mpeg");
        holdOn(big, cluster.a);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(15_000);
            InputStream in = request(socket, "/api/songs/" + big.id() + "/audio?node=data-a");
            Map<String, String> headers = readHead(in);
            assertThat(headers.get(":status")).isEqualTo("200");
            assertThat(headers.get("content-length")).isEqualTo(String.valueOf(big.audio().length));

            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long receivedBefore = relay.receivedBytes();
            long read = copy(in, sha, 1 << 20);
            long sent = awaitSteady(cluster.a.audioBytesSent);
            long relayed = relay.receivedBytes() - receivedBefore;
            System.out.printf(Locale.ROOT, "relay: listener paused after %.1f MiB; the data node sent %.1f MiB, "
                            + "the relay took %.1f MiB of it%n",
                    read / 1048576.0, sent / 1048576.0, relayed / 1048576.0);
            // Each side may hold one write window (256 buffers: the data node's of 8 KiB, the relay's of
            // at most 8 KiB, its fixed read size) and one socket send buffer (at most tcp_wmem's maximum);
            // receive buffers are small here (the relay's 256 KiB, the listener's 64 KiB).
            long perSide = WRITE_WINDOW + maxSocketSendBuffer();
            assertThat(relayed - read).as("bytes the relay took from the data node and the listener did not read")
                    .isLessThan(perSide + (1 << 20));
            assertThat(sent - read).as("bytes sent by the data node and not yet read by the paused listener")
                    .isLessThan(2 * perSide + (1 << 20));
            assertThat(relay.streaming()).isEqualTo(1);

            read += copy(in, sha, big.audio().length - read);
            assertThat(read).isEqualTo(big.audio().length);
            assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(big.id());
            assertThat(in.read()).as("nothing after the body").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.streaming() == 0);
    }

    /** A listener that goes away: the relay stops reading from the data node and lets the stream go. */
    @Test
    void aListenerThatLeavesStopsTheStream() throws Exception {
        FakeSong big = FakeSong.audio("Left " + SONGS.incrementAndGet(), "Tests", randomBytes(64 << 20, 9), "audio/mpeg");
        holdOn(big, cluster.a);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(15_000);
            InputStream in = request(socket, "/api/songs/" + big.id() + "/audio?node=data-a");
            assertThat(readHead(in).get(":status")).isEqualTo("200");
            copy(in, MessageDigest.getInstance("SHA-256"), 1 << 20);
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.streaming() == 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.streaming() == 0);
        long sent = awaitSteady(cluster.a.audioBytesSent);
        assertThat(sent).as("the data node stopped sending").isLessThan(big.audio().length / 2);
    }

    /** A data node that dies mid-song: the listener's response ends short and its connection closes. */
    @Test
    void aDataNodeThatDiesMidSongCutsTheListenersResponse() throws Exception {
        holdOn(cluster.a);
        cluster.a.throttleAudio(100_000);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5_000);
            InputStream in = request(socket, relayPath("data-a"));
            Map<String, String> headers = readHead(in);
            assertThat(headers.get(":status")).isEqualTo("200");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long read = copy(in, sha, 16 * 1024);
            cluster.a.stop();
            read += copy(in, sha, song.audio().length);
            assertThat(read).as("bytes before the connection closed").isLessThan(song.audio().length);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.streaming() == 0);
    }

    @Test
    void theRelayIsInTheOpenApiDocumentForGetAndHead() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/songs/{id}/audio'].get.operationId").isEqualTo("getRelayedAudio")
                .jsonPath("$.paths['/api/songs/{id}/audio'].head").exists()
                .jsonPath("$.paths['/api/songs/{id}/audio'].get.responses['502'].content['application/problem+json']").exists()
                .jsonPath("$.paths['/api/songs/{id}/audio'].get.parameters[?(@.name == 'node')].required").isEqualTo(true);
    }

    // ---- helpers ----

    private void holdOn(FakeDataNode... nodes) {
        holdOn(song, nodes);
    }

    private void holdOn(FakeSong held, FakeDataNode... nodes) {
        for (FakeDataNode node : nodes) {
            node.hold(held);
        }
        cluster.listData(nodes);
        awaitCatalog("/" + held.id(), r -> r.expectBody().jsonPath("$.replicas").isEqualTo(nodes.length));
    }

    private String relayPath(String nodeId) {
        return "/api/songs/" + song.id() + "/audio?node=" + nodeId;
    }

    private String relayUrl(String nodeId) {
        return "http://127.0.0.1:" + port + relayPath(nodeId);
    }

    private InputStream request(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Status line and headers, names lower-cased; the status code under ":status". */
    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String status = readLine(in);
        headers.put(":status", status.split(" ")[1]);
        for (int i = 0; i < 100; i++) {
            String line = readLine(in);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        throw new IOException("more than 100 header lines");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static long copy(InputStream in, MessageDigest sha, long bytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        while (done < bytes) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - done));
            if (n < 0) {
                break;
            }
            sha.update(buffer, 0, n);
            done += n;
        }
        return done;
    }

    /** The counter's value once it stopped moving for 500 ms (at most 10 s). */
    private static long awaitSteady(AtomicLong counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    long now = counter.get();
                    boolean steady = now == last[0];
                    last[0] = now;
                    return steady;
                });
        return last[0];
    }

    /** The kernel's ceiling on a TCP socket's send buffer (4 MiB if it cannot be read). */
    private static long maxSocketSendBuffer() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return 4L << 20;
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] withSuffix(byte[] audio, int n) {
        byte[] copy = java.util.Arrays.copyOf(audio, audio.length + 4);
        copy[audio.length] = (byte) (n >>> 24);
        copy[audio.length + 1] = (byte) (n >>> 16);
        copy[audio.length + 2] = (byte) (n >>> 8);
        copy[audio.length + 3] = (byte) n;
        return copy;
    }
}
