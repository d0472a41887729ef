package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class AudioStreamingApiTest extends DataApiTestBase {

    // 25 s of 8 kHz mono 16-bit: chunks at 0, 10 and 20 s.
    private static final byte[] WAV = TestAudio.wav(25, 42);
    private static final String ETAG_PATTERN = "\"%s\"";

    private String id;

    @BeforeEach
    void storeSong() {
        id = Uploads.sha256(WAV);
        Uploads.upload(client, WAV, "stream.wav").expectStatus().value(status ->
                assertThat(status).isIn(HttpStatus.CREATED.value(), HttpStatus.OK.value()));
    }

    @Test
    void audioIsTheWholeFileWithCachingHeaders() {
        EntityExchangeResult<byte[]> result = client.get().uri("/data/songs/{id}/audio", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectHeader().valueEquals(HttpHeaders.ETAG, ETAG_PATTERN.formatted(id))
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable")
                .expectHeader().contentType(MediaType.parseMediaType("audio/wav"))
                .expectHeader().contentLength(WAV.length)
                .expectBody(byte[].class).returnResult();

        assertThat(result.getResponseBody()).isEqualTo(WAV);
    }

    @Test
    void headHasTheHeadersOfGetAndReadsNoChunk() {
        double reads = chunkReads();

        byte[] body = client.head().uri("/data/songs/{id}/audio", id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentLength(WAV.length)
                .expectHeader().valueEquals(HttpHeaders.ETAG, ETAG_PATTERN.formatted(id))
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectBody(byte[].class).returnResult().getResponseBody();

        assertThat(body).isNullOrEmpty();
        assertThat(chunkReads()).isEqualTo(reads);
        client.head().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, "bytes=0-99").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectHeader().contentLength(100);
    }

    @Test
    void ifNoneMatchAnswers304() {
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.IF_NONE_MATCH, ETAG_PATTERN.formatted(id))
                .exchange().expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, ETAG_PATTERN.formatted(id));
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.IF_NONE_MATCH, "\"other\", W/\"" + id + "\"")
                .exchange().expectStatus().isNotModified();
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.IF_NONE_MATCH, "\"other\"")
                .exchange().expectStatus().isOk();
    }

    @Test
    void aClosedRangeIs206WithContentRange() {
        assertRange("bytes=10-99", 10, 99);
    }

    @Test
    void anOpenRangeRunsToTheEnd() {
        assertRange("bytes=1000-", 1000, WAV.length - 1);
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertRange("bytes=-500", WAV.length - 500, WAV.length - 1);
        assertRange("bytes=-" + (WAV.length * 2), 0, WAV.length - 1);
    }

    @Test
    void aRangePastTheEndIsClampedAndOneAcrossChunksIsExact() {
        assertRange("bytes=5-" + (WAV.length * 3L), 5, WAV.length - 1);
        long boundary = chunkOffset(1);
        assertRange("bytes=" + (boundary - 7) + "-" + (boundary + 7), boundary - 7, boundary + 7);
    }

    @Test
    void aRangeInsideOneChunkReadsOnlyThatChunk() {
        long start = chunkOffset(1) + 100;
        double reads = chunkReads();
        assertRange("bytes=" + start + "-" + (start + 999), start, start + 999);
        assertThat(chunkReads() - reads).isEqualTo(1.0);
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheSize() {
        for (String range : new String[] {"bytes=" + WAV.length + "-", "bytes=" + (WAV.length + 5) + "-" + (WAV.length + 9),
                "bytes=-0"}) {
            client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, range).exchange()
                    .expectStatus().isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + WAV.length)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void severalRangesOrAnInvalidRangeGetTheWholeFile() {
        for (String range : new String[] {"bytes=0-1,5-6", "bytes=abc", "bytes=9-3", "items=0-5"}) {
            byte[] body = client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, range).exchange()
                    .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(body).as(range).isEqualTo(WAV);
        }
    }

    @Test
    void ifRangeWithTheCurrentTagKeepsTheRangeAndWithAnotherSendsItAll() {
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, "bytes=0-9")
                .header(HttpHeaders.IF_RANGE, ETAG_PATTERN.formatted(id)).exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT);
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, "bytes=0-9")
                .header(HttpHeaders.IF_RANGE, "\"stale\"").exchange()
                .expectStatus().isOk().expectHeader().contentLength(WAV.length);
    }

    @Test
    void fromMsStreamsFromTheChunkThatHoldsThatTime() {
        long offset = chunkOffset(1);
        byte[] body = client.get().uri("/data/songs/{id}/audio?fromMs=12345", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "1")
                .expectHeader().valueEquals("X-Chunk-Start-Ms", "10000")
                .expectHeader().valueEquals("X-Byte-Offset", Long.toString(offset))
                .expectHeader().contentLength(WAV.length - offset)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(Arrays.copyOfRange(WAV, (int) offset, WAV.length));

        byte[] fromStart = client.get().uri("/data/songs/{id}/audio?fromMs=0", id).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Chunk-Index", "0")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(fromStart).isEqualTo(WAV);
    }

    @Test
    void fromMsPastTheEndIs404AndNegativeIs400() {
        client.get().uri("/data/songs/{id}/audio?fromMs=25000", id).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/data/songs/{id}/audio?fromMs=-1", id).exchange().expectStatus().isBadRequest();
    }

    @Test
    void aChunkByIndexCarriesItsPlaceInTimeAndFile() {
        long offset = chunkOffset(1);
        long next = chunkOffset(2);
        byte[] body = client.get().uri("/data/songs/{id}/chunks/1", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "1")
                .expectHeader().valueEquals("X-Chunk-Start-Ms", "10000")
                .expectHeader().valueEquals("X-Chunk-Duration-Ms", "10000")
                .expectHeader().contentLength(next - offset)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(Arrays.copyOfRange(WAV, (int) offset, (int) next));
    }

    @Test
    void aChunkByTimeIsTheOneThatPlaysThen() {
        client.get().uri("/data/songs/{id}/chunk?atMs=0", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "0");
        client.get().uri("/data/songs/{id}/chunk?atMs=9999", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "0");
        client.get().uri("/data/songs/{id}/chunk?atMs=10000", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "1");
        client.get().uri("/data/songs/{id}/chunk?atMs=24999", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Chunk-Index", "2")
                .expectHeader().valueEquals("X-Chunk-Start-Ms", "20000")
                .expectHeader().valueEquals("X-Chunk-Duration-Ms", "5000");
    }

    @Test
    void chunksPastTheEndAre404() {
        client.get().uri("/data/songs/{id}/chunks/3", id).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/data/songs/{id}/chunks/-1", id).exchange().expectStatus().isNotFound();
        client.get().uri("/data/songs/{id}/chunk?atMs=25000", id).exchange().expectStatus().isNotFound();
        client.get().uri("/data/songs/{id}/chunk?atMs=-5", id).exchange().expectStatus().isBadRequest();
        client.get().uri("/data/songs/{id}/chunk", id).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theChunksConcatenatedAreTheOriginalFile() {
        SongView song = client.get().uri("/data/songs/{id}", id).exchange().expectStatus().isOk()
                .expectBody(SongView.class).returnResult().getResponseBody();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < song.chunkCount(); i++) {
            all.writeBytes(client.get().uri("/data/songs/{id}/chunks/{i}", id, i).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody());
        }
        assertThat(all.toByteArray()).isEqualTo(WAV);
        assertThat(Uploads.sha256(all.toByteArray())).isEqualTo(id);
    }

    @Test
    void completeIsTrueForAStoredSongAndFalseForOneNotHere() {
        client.get().uri("/data/songs/{id}/complete", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.complete").isEqualTo(true);
        client.get().uri("/data/songs/{id}/complete", "f".repeat(64)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.complete").isEqualTo(false);
    }

    @Test
    void streamedBytesAreCounted() {
        double before = meters.get("dispotify.data.stream.bytes").counter().count();
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, "bytes=0-999").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectBody(byte[].class);
        assertThat(meters.get("dispotify.data.stream.bytes").counter().count() - before).isEqualTo(1000.0);
        // The server ends its stream after the client has the last byte: the gauge follows shortly.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(meters.get("dispotify.data.streams.active").gauge().value()).isZero());
    }

    @Test
    void audioRequestsAreLeftOutOfPerRequestObservationButOthersAreNot() {
        client.get().uri("/data/songs/{id}", id).exchange().expectStatus().isOk();
        client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk().expectBody(byte[].class);
        client.get().uri("/data/songs/{id}/chunks/0", id).exchange().expectStatus().isOk().expectBody(byte[].class);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                meters.find("http.server.requests").tag("uri", "/data/songs/{id}").timer() != null);
        assertThat(meters.find("http.server.requests").tag("uri", "/data/songs/{id}/audio").timer()).isNull();
        assertThat(meters.find("http.server.requests").tag("uri", "/data/songs/{id}/chunks/{index}").timer()).isNull();
    }

    private void assertRange(String range, long start, long end) {
        byte[] body = client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, range).exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + WAV.length)
                .expectHeader().contentLength(end - start + 1)
                .expectHeader().valueEquals(HttpHeaders.ETAG, ETAG_PATTERN.formatted(id))
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(Arrays.copyOfRange(WAV, (int) start, (int) end + 1));
    }

    private long chunkOffset(int index) {
        return Long.parseLong(client.head().uri("/data/songs/{id}/chunks/{i}", id, index).exchange()
                .expectStatus().isOk().returnResult(Void.class).getResponseHeaders().getFirst("X-Byte-Offset"));
    }
}
