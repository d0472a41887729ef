package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.dispotify.data.store.SongStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

class SongUploadApiTest extends DataApiTestBase {

    @Autowired
    private SongStore store;

    @Test
    void uploadStoresTheSongAndAnswers201WithItsJson() {
        byte[] wav = TestAudio.wav(25, 1);
        SongView song = Uploads.upload(client, wav, "Morning Tune.wav").expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/data/songs/[0-9a-f]{64}")
                .expectBody(SongView.class).returnResult().getResponseBody();

        assertThat(song.id()).isEqualTo(Uploads.sha256(wav));
        assertThat(song.title()).isEqualTo("Morning Tune");
        assertThat(song.artist()).isEqualTo("Unknown artist");
        assertThat(song.album()).isEqualTo("Unknown album");
        assertThat(song.genre()).isEqualTo("Unknown genre");
        assertThat(song.format()).isEqualTo("wav");
        assertThat(song.mimeType()).isEqualTo("audio/wav");
        assertThat(song.durationMs()).isEqualTo(25_000);
        assertThat(song.sizeBytes()).isEqualTo(wav.length);
        assertThat(song.chunkCount()).isEqualTo(3);
        assertThat(song.bitrate()).isEqualTo(128);

        client.get().uri("/data/songs/{id}", song.id()).exchange().expectStatus().isOk()
                .expectBody(SongView.class).isEqualTo(song);
        assertThat(meters.get("dispotify.data.ingest.songs").counter().count()).isPositive();
        assertThat(meters.get("dispotify.data.ingest.bytes").counter().count()).isGreaterThanOrEqualTo(wav.length);
    }

    @Test
    void uploadingTheSameBytesAgainAnswers200AndStoresNothingNew() {
        byte[] wav = TestAudio.wav(3, 2);
        SongView first = Uploads.stored(client, wav, "again.wav");
        long before = songCount();

        SongView second = Uploads.upload(client, wav, "other name.wav", Map.of("title", "Ignored"))
                .expectStatus().isOk().expectBody(SongView.class).returnResult().getResponseBody();

        assertThat(second).isEqualTo(first);
        assertThat(songCount()).isEqualTo(before);
    }

    @Test
    void formFieldsOverrideTheFilesTags() {
        SongView song = Uploads.upload(client, TestAudio.wav(2, 3), "x.wav",
                        Map.of("title", "Blue", "artist", "The Band", "album", "Colours", "genre", "Jazz"))
                .expectStatus().isCreated().expectBody(SongView.class).returnResult().getResponseBody();

        assertThat(song.title()).isEqualTo("Blue");
        assertThat(song.artist()).isEqualTo("The Band");
        assertThat(song.album()).isEqualTo("Colours");
        assertThat(song.genre()).isEqualTo("Jazz");
    }

    @Test
    void tagsWithQuotesSqlEmojiAndRightToLeftTextRoundTripExactly() {
        Map<String, String> tags = Map.of(
                "title", "It's \"quoted\"; DROP TABLE songs; --",
                "artist", "Robert'); DELETE FROM chunks WHERE ('1'='1",
                "album", "🎵 Ünïcödé 🎸 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "genre", "موسيقى عربية \u202Bמוזיקה\u202C");
        SongView song = Uploads.upload(client, TestAudio.wav(2, 4), "tags.wav", tags).expectStatus().isCreated()
                .expectBody(SongView.class).returnResult().getResponseBody();

        SongView read = client.get().uri("/data/songs/{id}", song.id()).exchange().expectStatus().isOk()
                .expectBody(SongView.class).returnResult().getResponseBody();
        assertThat(Map.of("title", read.title(), "artist", read.artist(), "album", read.album(), "genre", read.genre()))
                .isEqualTo(tags);
        assertThat(songCount()).isPositive();
    }

    @Test
    void titleFallsBackToTheFileNameWithoutDirectoriesOrExtension() {
        SongView song = Uploads.stored(client, TestAudio.wav(2, 5), "C:\\Music\\Some.Song.v2.wav");
        assertThat(song.title()).isEqualTo("Some.Song.v2");
    }

    @Test
    void listIsPagedFromZeroWithTotal() {
        for (int i = 0; i < 3; i++) {
            Uploads.stored(client, TestAudio.wav(1, 100 + i), "paged-" + i + ".wav");
        }
        long total = songCount();
        SongView.Page first = client.get().uri("/data/songs?page=0&size=2").exchange().expectStatus().isOk()
                .expectBody(SongView.Page.class).returnResult().getResponseBody();
        SongView.Page last = client.get().uri("/data/songs?page={p}&size=2", (total - 1) / 2).exchange()
                .expectStatus().isOk().expectBody(SongView.Page.class).returnResult().getResponseBody();
        SongView.Page defaults = client.get().uri("/data/songs").exchange().expectStatus().isOk()
                .expectBody(SongView.Page.class).returnResult().getResponseBody();

        assertThat(first.items()).hasSize(2);
        assertThat(first.page()).isZero();
        assertThat(first.size()).isEqualTo(2);
        assertThat(first.total()).isEqualTo(total);
        assertThat(last.items()).hasSize((int) (total % 2 == 0 ? 2 : 1));
        assertThat(defaults.size()).isEqualTo(50);
        assertThat(defaults.items()).hasSize((int) Math.min(total, 50));
    }

    @Test
    void anUnchangedCatalogAnswers304ToItsTagAndAStoredOrRemovedSongChangesTheTag() {
        Uploads.stored(client, TestAudio.wav(1, 120), "tagged-1.wav");
        String tag = client.get().uri("/data/songs?page=0&size=5").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
        assertThat(tag).startsWith("W/\"");

        client.get().uri("/data/songs?page=0&size=5").header("If-None-Match", tag).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals("ETag", tag)
                .expectBody().isEmpty();

        SongView second = Uploads.stored(client, TestAudio.wav(1, 121), "tagged-2.wav");
        String afterStore = client.get().uri("/data/songs?page=0&size=5").header("If-None-Match", tag).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
        assertThat(afterStore).isNotEqualTo(tag);

        assertThat(store.delete(second.id()).block()).isTrue();
        client.get().uri("/data/songs?page=0&size=5").header("If-None-Match", afterStore).exchange()
                .expectStatus().isOk()
                .expectHeader().value("ETag", latest -> assertThat(latest).isNotIn(tag, afterStore));
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=-1", "size=0", "size=501", "size=abc", "page=x"})
    void badPagingIsA400Problem(String query) {
        client.get().uri("/data/songs?" + query).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "zip", "noise", "empty"})
    void unsupportedBytesAre415AndChangeNothing(String kind) {
        byte[] bytes = switch (kind) {
            case "png" -> TestAudio.png();
            case "zip" -> TestAudio.zip();
            case "noise" -> TestAudio.noise(64 * 1024, 11);
            default -> new byte[0];
        };
        long before = songCount();

        Uploads.upload(client, bytes, "song.mp3").expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(415).jsonPath("$.detail").isNotEmpty();

        assertThat(songCount()).isEqualTo(before);
        assertHealthy();
        assertNoSpooledFilesLeft();
    }

    @Test
    void truncatedAudioIs422AndChangesNothing() {
        byte[] whole = TestAudio.wav(5, 6);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        long before = songCount();

        Uploads.upload(client, truncated, "cut.wav").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(422);

        assertThat(songCount()).isEqualTo(before);
        client.get().uri("/data/songs/{id}", Uploads.sha256(truncated)).exchange().expectStatus().isNotFound();
        assertHealthy();
        assertNoSpooledFilesLeft();
    }

    @Test
    void anUploadWithoutAFilePartIs400() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("title", "No file");
        form.part("audio", TestAudio.wav(1, 7)).filename("wrong-name.wav");
        long before = songCount();

        client.post().uri("/data/songs").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(songCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/songs/{id}", "/data/songs/{id}/audio", "/data/songs/{id}/chunks/0",
            "/data/songs/{id}/chunk?atMs=0", "/data/songs/{id}/complete"})
    void aSongIdThatIsNot64LowercaseHexIs400(String path) {
        for (String bad : new String[] {"xyz", "A".repeat(64), "a".repeat(63), "a".repeat(65), "g".repeat(64)}) {
            client.get().uri(path, bad).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/songs/{id}", "/data/songs/{id}/audio", "/data/songs/{id}/chunks/0",
            "/data/songs/{id}/chunk?atMs=0", "/data/songs/{id}/audio?fromMs=0"})
    void anUnknownSongIs404(String path) {
        client.get().uri(path, "0".repeat(64)).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404);
    }

    private void assertNoSpooledFilesLeft() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var files = java.nio.file.Files.list(DIR.resolve("ingest"))) {
                assertThat(files.toList()).isEmpty();
            }
        });
    }
}
