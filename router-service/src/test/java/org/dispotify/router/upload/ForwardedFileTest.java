package org.dispotify.router.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.channel.ChannelOption;
import org.dispotify.router.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.PooledDataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The file part the router forwards to a data node. When a data node answers before the body is sent
 * (busy, refusing, dying), Spring's multipart writer discards the buffers still on their way and its
 * stacked release hooks release each of them more than once; a pooled buffer released again after it
 * was freed belongs by then to another request, whose bytes get damaged (issue 14: uploads stored
 * under another id, 422s for valid files). So the forwarded part must never carry pooled buffers.
 */
class ForwardedFileTest {

    /** Big enough that the data node's answer arrives while the file is still being read. */
    private static final int FILE_BYTES = 8 * 1024 * 1024;

    @TempDir
    Path dir;

    private Path file;
    private DisposableServer busyNode;

    @BeforeEach
    void fileAndBusyNode() throws Exception {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(14).nextBytes(bytes);
        file = Files.write(dir.resolve("song.wav"), bytes);
        // Answers like a data node at its ingest limit: 503 at once, without reading the body.
        busyNode = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/data/songs", (request, response) ->
                        response.status(503).header("Retry-After", "1").sendString(Mono.just("busy"))))
                .bindNow();
    }

    @AfterEach
    void stopNode() {
        busyNode.disposeNow();
    }

    @Test
    void theFileGoesOutInUnpooledBuffersHoldingExactlyItsBytes() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<DataBuffer> buffers = SpooledFileBody.read(file, Schedulers.boundedElastic())
                .collectList().block(Duration.ofSeconds(30));

        assertThat(buffers).isNotEmpty().noneMatch(PooledDataBuffer.class::isInstance);
        buffers.forEach(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            sent.writeBytes(bytes);
            DataBufferUtils.release(buffer);
        });
        assertThat(sha256(sent.toByteArray())).isEqualTo(sha256(Files.readAllBytes(file)));
        // Cold: a second attempt reads the file again, from its first byte.
        assertThat(SpooledFileBody.read(file, Schedulers.boundedElastic())
                .map(DataBuffer::readableByteCount).reduce(0, Integer::sum).block(Duration.ofSeconds(30)))
                .isEqualTo(FILE_BYTES);
    }

    @Test
    void dataNodesAnsweringBeforeTheBodyIsSentLeaveNoBufferUsedAfterItWasFreed() throws Exception {
        TrackingAllocator allocator = new TrackingAllocator();
        WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(
                HttpClient.create(ConnectionProvider.newConnection()).option(ChannelOption.ALLOCATOR, allocator))).build();
        SpooledUpload upload = new SpooledUpload(file, "song.wav", MediaType.parseMediaType("audio/wav"), FILE_BYTES,
                sha256(Files.readAllBytes(file)), Map.of("title", "Busy"), null);

        for (int attempt = 0; attempt < 60; attempt++) {
            Integer status = client.post().uri("http://127.0.0.1:" + busyNode.port() + "/data/songs")
                    .body(BodyInserters.fromMultipartData(UploadForwarder.form(upload)))
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .onErrorReturn(-1) // the node may also cut the connection while the body streams
                    .block(Duration.ofSeconds(30));
            assertThat(status).isIn(503, -1);
        }

        assertThat(allocator.usesAfterFree()).as("buffers released or read after they were freed").isZero();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
