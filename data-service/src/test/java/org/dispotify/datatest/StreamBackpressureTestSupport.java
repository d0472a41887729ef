package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A long song (16 chunks of ~1.9 MB) and listeners that stop reading or go away: the node reads
 * chunks from SQLite, and hands bytes to the network, only as the connection takes them, and stops
 * the moment the listener is gone. Run without a chunk cache (every chunk read from SQLite on the
 * io threads, {@link UncachedStreamBackpressureTest}) and with one (chunks sent from the cache,
 * {@link CachedStreamBackpressureTest}).
 */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StreamBackpressureTestSupport {

    // 160 s of 48 kHz stereo 16-bit: 30.7 MB in 16 chunks.
    static final byte[] LONG_WAV = TestAudio.wav(48_000, 2, 160, 77);

    /** Whether chunks come from the cache after the first read (then SQLite reads say nothing). */
    abstract boolean cached();

    @Autowired
    WebTestClient client;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    String id;
    private int chunkCount;

    @BeforeAll
    void storeLongSong() {
        client = client.mutate().responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
        SongView song = Uploads.stored(client, LONG_WAV, "long.wav");
        id = song.id();
        chunkCount = song.chunkCount();
        assertThat(chunkCount).isEqualTo(16);
    }

    @Test
    void aListenerThatStopsReadingHoldsBackTheReadsAndOneThatLeavesStopsThem() throws IOException {
        double readsBefore = reads();
        double sentBefore = sent();
        double readsWhileStalled;
        double sentWhileStalled;
        try (RawHttp http = new RawHttp(port, 16 * 1024)) {
            http.send("GET /data/songs/" + id + "/audio HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(http.readHead()).startsWith("HTTP/1.1 200");
            http.read(new byte[8192]);
            awaitStable(this::sent);
            readsWhileStalled = reads() - readsBefore;
            sentWhileStalled = sent() - sentBefore;
            // Socket buffers and one chunk in flight hold a few chunks; the rest waits for the reader.
            assertThat(sentWhileStalled).isPositive().isLessThan(LONG_WAV.length / 2.0);
            if (!cached()) {
                assertThat(readsWhileStalled).isGreaterThanOrEqualTo(1).isLessThan(chunkCount / 2.0);
            }
            assertThat(meters.get("dispotify.data.streams.active").gauge().value()).isEqualTo(1.0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> meters.get("dispotify.data.streams.active").gauge().value() == 0.0);
        awaitStable(this::sent);
        // Gone: at most the chunk that was already on its way, nothing of the rest.
        assertThat(sent() - sentBefore).isLessThan(LONG_WAV.length / 2.0);
        assertThat(reads() - readsBefore).isLessThanOrEqualTo(readsWhileStalled + 1).isLessThan(chunkCount);
    }

    @Test
    void aListenerThatReadsItAllGetsEveryByteInOrder() {
        double before = reads();
        java.security.MessageDigest digest = sha256();
        client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk()
                .returnResult(DataBuffer.class).getResponseBody()
                .doOnNext(buffer -> {
                    try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                        it.forEachRemaining(digest::update);
                    }
                    DataBufferUtils.release(buffer);
                })
                .blockLast(Duration.ofSeconds(60));
        assertThat(java.util.HexFormat.of().formatHex(digest.digest())).isEqualTo(id);
        if (!cached()) {
            assertThat(reads() - before).isEqualTo(chunkCount);
        }
    }

    double reads() {
        return meters.get("dispotify.data.chunk.reads").counter().count();
    }

    private double sent() {
        return meters.get("dispotify.data.stream.bytes").counter().count();
    }

    /** Waits until the value has not moved for 700 ms. */
    private void awaitStable(java.util.function.DoubleSupplier value) {
        double[] last = {value.getAsDouble()};
        long[] since = {System.nanoTime()};
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            double now = value.getAsDouble();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > 700_000_000L;
        });
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
