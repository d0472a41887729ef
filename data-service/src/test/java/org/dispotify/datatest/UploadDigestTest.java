package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The integrity chain's data-role end: a file declared with its SHA-256 (a {@code sha256} field or an
 * RFC 9530 {@code Repr-Digest} header) is stored only if the bytes that arrived hash to it, so a 201
 * proves the stored file is the sent one; and audio answers carry the file's digest.
 */
class UploadDigestTest extends DataApiTestBase {

    private static final String MISMATCH_TYPE = "https://dispotify.org/problems/digest-mismatch";

    @Test
    void bytesThatHashToTheDeclaredSha256AreStoredUnderIt() {
        byte[] wav = TestAudio.wav(2, 101);
        SongView song = Uploads.uploadAsIs(client, wav, "declared.wav", Map.of("sha256", Uploads.sha256(wav).toUpperCase()))
                .expectStatus().isCreated().expectBody(SongView.class).returnResult().getResponseBody();
        assertThat(song.id()).isEqualTo(Uploads.sha256(wav));
    }

    @Test
    void bytesDamagedOnTheWayAre400AndNothingIsStored() {
        byte[] sent = TestAudio.wav(2, 102);
        byte[] arrived = sent.clone();
        arrived[arrived.length / 2] ^= 0x40; // one flipped bit: still a valid WAV, so only the digest can tell
        long before = songCount();

        Uploads.uploadAsIs(client, arrived, "flipped.wav", Map.of("sha256", Uploads.sha256(sent)))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(MISMATCH_TYPE)
                .jsonPath("$.declaredSha256").isEqualTo(Uploads.sha256(sent))
                .jsonPath("$.receivedSha256").isEqualTo(Uploads.sha256(arrived));

        assertThat(songCount()).isEqualTo(before);
        client.get().uri("/data/songs/{id}", Uploads.sha256(arrived)).exchange().expectStatus().isNotFound();
    }

    @Test
    void aReprDigestHeaderIsCheckedLikeTheField() {
        byte[] sent = TestAudio.wav(2, 103);
        byte[] truncated = Arrays.copyOf(sent, sent.length - 100);
        long before = songCount();

        post(truncated, reprDigest(sent), Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(MISMATCH_TYPE);
        assertThat(songCount()).isEqualTo(before);

        post(sent, "sha-512=:AAAA:, " + reprDigest(sent), Map.of()).expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(Uploads.sha256(sent));
    }

    @Test
    void malformedDeclarationsAndDisagreeingOnesAre400() {
        byte[] wav = TestAudio.wav(1, 104);
        long before = songCount();

        Uploads.uploadAsIs(client, wav, "a.wav", Map.of("sha256", "not-a-digest")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("64 hex digits"));
        post(wav, "sha-256=:AAAA:", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Repr-Digest"));
        post(wav, reprDigest(wav), Map.of("sha256", Uploads.sha256(TestAudio.wav(1, 105)))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("different files"));

        assertThat(songCount()).isEqualTo(before);
    }

    @Test
    void audioAnswersCarryTheWholeFilesDigestAndTheTailFromATimeDoesNot() {
        byte[] wav = TestAudio.wav(25, 106);
        String id = Uploads.stored(client, wav, "digest.wav").id();

        client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Repr-Digest", reprDigest(wav));
        client.get().uri("/data/songs/{id}/audio", id).header(HttpHeaders.RANGE, "bytes=100-199").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueEquals("Repr-Digest", reprDigest(wav));
        client.get().uri("/data/songs/{id}/audio?fromMs=12000", id).exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Repr-Digest");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(byte[] bytes, String reprDigest,
                                                                                         Map<String, String> fields) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", bytes).filename("declared.wav").contentType(MediaType.APPLICATION_OCTET_STREAM);
        fields.forEach(form::part);
        return client.post().uri("/data/songs").header("Repr-Digest", reprDigest)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

    private static String reprDigest(byte[] bytes) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Uploads.sha256(bytes))) + ":";
    }
}
