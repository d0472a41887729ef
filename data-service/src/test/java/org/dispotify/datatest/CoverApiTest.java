package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dispotify.data.audio.PictureTags;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Covers through the data role's API: from the file's tags or the upload's {@code cover} part, served back. */
class CoverApiTest extends DataApiTestBase {

    @Test
    void anEmbeddedCoverIsStoredAndServedByteForByteWithAnImmutableEtag() throws IOException {
        byte[] cover = TestCovers.jpeg(320, 1);
        byte[] mp3 = mp3WithCover(cover, "Embedded");

        CoverSong song = upload(mp3, null).expectStatus().isCreated().expectBody(CoverSong.class).returnResult()
                .getResponseBody();

        assertThat(song.hasCover()).isTrue();
        assertThat(song.coverId()).isEqualTo(Uploads.sha256(cover));
        assertThat(song.albumArtist()).isEqualTo("Album Band");
        assertThat(song.disc()).isEqualTo(2);
        client.get().uri("/data/songs/{id}/cover", song.id()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + song.coverId() + "\"")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("immutable", "max-age=31536000"))
                .expectBody(byte[].class).isEqualTo(cover);
        client.get().uri("/data/songs/{id}/cover", song.id()).header(HttpHeaders.IF_NONE_MATCH, "\"" + song.coverId() + "\"")
                .exchange().expectStatus().isNotModified().expectBody().isEmpty();
        client.get().uri("/data/songs/{id}", song.id()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.hasCover").isEqualTo(true).jsonPath("$.coverId").isEqualTo(song.coverId());
    }

    @Test
    void anUploadedCoverIsUsedWhenTheFileEmbedsNoneAndIgnoredWhenItDoes() throws IOException {
        byte[] folder = TestCovers.png(200, 2);
        byte[] embedded = TestCovers.jpeg(200, 3);

        CoverSong plain = upload(TestAudio.wav(1, 401), folder).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();
        CoverSong tagged = upload(mp3WithCover(embedded, "Has its own"), folder).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();

        assertThat(plain.coverId()).isEqualTo(Uploads.sha256(folder));
        client.get().uri("/data/songs/{id}/cover", plain.id()).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG).expectBody(byte[].class).isEqualTo(folder);
        assertThat(tagged.coverId()).isEqualTo(Uploads.sha256(embedded));
    }

    @Test
    void songsSharingACoverShareOneRow() throws Exception {
        byte[] folder = TestCovers.jpeg(128, 4);
        String sha = Uploads.sha256(folder);
        CoverSong one = upload(TestAudio.wav(1, 402), folder).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();
        CoverSong two = upload(TestAudio.wav(1, 403), folder).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();

        assertThat(one.coverId()).isEqualTo(sha).isEqualTo(two.coverId());
        assertThat(coverRows(sha)).isEqualTo(1);
    }

    @Test
    void aSongWithoutACoverAnswers404Problem() {
        CoverSong song = upload(TestAudio.wav(1, 404), null).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();

        assertThat(song.hasCover()).isFalse();
        assertThat(song.coverId()).isNull();
        client.get().uri("/data/songs/{id}/cover", song.id()).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("No cover");
        client.get().uri("/data/songs/{id}/cover", "f".repeat(64)).exchange().expectStatus().isNotFound();
        client.get().uri("/data/songs/{id}/cover", "nope").exchange().expectStatus().isBadRequest();
    }

    @Test
    void hostileUploadedCoversAre422AndNothingIsStored() {
        byte[] png = TestCovers.png(300, 5);
        List<byte[]> hostile = List.of(
                TestAudio.zip(),                                // a zip named cover.jpg
                TestCovers.pngClaiming(100_000, 100_000),       // a decompression bomb's header
                TestCovers.pngClaiming(7000, 7000),             // each side fine, 49 megapixels not
                Arrays.copyOf(png, png.length / 2),             // truncated
                "GIF89a not ours".getBytes(),                   // wrong format
                TestAudio.png());                               // PNG magic, garbage after it
        for (int i = 0; i < hostile.size(); i++) {
            long before = songCount();
            upload(TestAudio.wav(1, 500 + i), hostile.get(i)).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Bad cover");
            assertThat(songCount()).as("hostile cover %d", i).isEqualTo(before);
        }
        assertHealthy();
    }

    @Test
    void aCoverOverTheSizeLimitIs413() {
        byte[] huge = new byte[8 * 1024 * 1024 + 1];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        long before = songCount();

        upload(TestAudio.wav(1, 600), huge).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);

        assertThat(songCount()).isEqualTo(before);
    }

    /**
     * Refused on the cover's last bytes, the upload is cancelled half-way through Spring's multipart
     * parser; that used to release the cover's last buffers twice and free the connection's network
     * buffer under the next request (issue 14; CancelSafePartsTest has the mechanism).
     */
    @Test
    void aRefusedCoverLeavesTheConnectionAndTheUploadsAfterItIntact() {
        byte[] huge = new byte[8 * 1024 * 1024 + 1];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        for (int i = 0; i < 3; i++) {
            upload(TestAudio.wav(1, 610 + i), huge).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);

            byte[] next = TestAudio.wav(2, 620 + i);
            SongView stored = Uploads.stored(client, next, "after-refusal.wav");
            byte[] read = client.get().uri("/data/songs/{id}/audio", stored.id()).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(read).isEqualTo(next);
        }
    }

    @Test
    void aHostileEmbeddedPictureLeavesTheSongWithoutACover() throws IOException {
        byte[] bomb = TestCovers.pngClaiming(60_000, 60_000);

        CoverSong song = upload(mp3WithCover(bomb, "Bomb"), null).expectStatus().isCreated()
                .expectBody(CoverSong.class).returnResult().getResponseBody();

        assertThat(song.hasCover()).isFalse();
        client.get().uri("/data/songs/{id}/cover", song.id()).exchange().expectStatus().isNotFound();
        assertHealthy();
    }

    private WebTestClient.ResponseSpec upload(byte[] audio, byte[] cover) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", audio).filename("song.bin").contentType(MediaType.APPLICATION_OCTET_STREAM);
        if (cover != null) {
            form.part("cover", cover).filename("cover.jpg").contentType(MediaType.IMAGE_JPEG);
        }
        return client.post().uri("/data/songs").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

    static byte[] mp3WithCover(byte[] cover, String title) throws IOException {
        byte[] tag = PictureTags.id3(4, PictureTags.texts("TIT2", title, "TPE1", "Track Artist", "TALB", "Covers",
                        "TPE2", "Album Band", "TPOS", "2/2"),
                List.of(Map.entry("APIC", PictureTags.id3Picture(4, 3, "image/jpeg", "", false, cover))));
        byte[] mp3 = Files.readAllBytes(java.nio.file.Path.of("src/test/resources/audio/id3v1-only.mp3"));
        byte[] out = Arrays.copyOf(tag, tag.length + mp3.length);
        System.arraycopy(mp3, 0, out, tag.length, mp3.length);
        return out;
    }

    private static int coverRows(String sha) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + DIR.resolve("songs.db"));
             ResultSet rows = sqlite.createStatement().executeQuery("SELECT count(*) FROM covers WHERE sha256 = '" + sha + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    record CoverSong(String id, String title, String albumArtist, Integer disc, boolean hasCover, String coverId) {
    }
}
