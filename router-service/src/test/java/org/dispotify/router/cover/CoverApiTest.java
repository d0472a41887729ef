package org.dispotify.router.cover;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeSong;
import org.dispotify.router.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Covers through the router: scaled, content-addressed ETags, 304, cache headers, 404s, bad copies. */
class CoverApiTest extends RouterTestSupport {

    private static final byte[] COVER = TestImages.jpeg(600, 400, 1);
    private static final String COVER_ID = FakeSong.sha256(COVER);

    @Test
    void aSongsCoverIsScaledToFitTheBoxWithAContentAddressedEtagAndCachedForGood() {
        FakeSong song = FakeSong.of("Covered", "Artist", "Album", "Pop");
        cluster.a.hold(song).cover(song.id(), "image/jpeg", COVER);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.items[0].hasCover").isEqualTo(true));

        byte[] scaled = web.get().uri("/api/songs/{id}/cover?size=120", song.id()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + COVER_ID + "-120\"")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, v -> assertThat(v).contains("immutable", "max-age=31536000"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = TestImages.read(scaled);
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(80);
        int fetched = cluster.a.coverRequests.get();

        // Again: from the router's cache; with the ETag: 304, and no data node is asked either way.
        web.get().uri("/api/songs/{id}/cover?size=120", song.id()).exchange().expectStatus().isOk()
                .expectBody(byte[].class).isEqualTo(scaled);
        web.get().uri("/api/songs/{id}/cover?size=120", song.id()).header(HttpHeaders.IF_NONE_MATCH, "\"" + COVER_ID + "-120\"")
                .exchange().expectStatus().isNotModified().expectBody().isEmpty();
        web.get().uri("/api/songs/{id}/cover", song.id()).exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + COVER_ID + "\"")
                .expectBody(byte[].class).isEqualTo(COVER);
        assertThat(cluster.a.coverRequests.get()).isEqualTo(fetched);
        // Bigger than the cover itself: the original bytes.
        web.get().uri("/api/songs/{id}/cover?size=1024", song.id()).exchange().expectStatus().isOk()
                .expectBody(byte[].class).isEqualTo(COVER);
    }

    @Test
    void anAlbumsCoverIsItsFirstCoveredSongsAndIsRevalidatedHourly() {
        FakeSong first = FakeSong.of("First", "Band", "Record", "Rock").track(1);
        FakeSong second = FakeSong.of("Second", "Band", "Record", "Rock").track(2);
        byte[] other = TestImages.jpeg(300, 300, 2);
        cluster.a.hold(first, second).cover(second.id(), "image/jpeg", other);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(2));
        String album = web.get().uri("/api/songs/{id}", first.id()).exchange().expectBody(SongIds.class)
                .returnResult().getResponseBody().albumId();

        web.get().uri("/api/albums/{id}/cover?size=64", album).exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + FakeSong.sha256(other) + "-64\"")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, v -> assertThat(v).contains("max-age=3600").doesNotContain("immutable"));
        web.get().uri("/api/albums?sort=name").exchange().expectBody().jsonPath("$.items[0].hasCover").isEqualTo(true);
    }

    @Test
    void noCoverUnknownSongsAndBadSizesAreProblems() {
        FakeSong plain = FakeSong.of("Plain", "Artist", "Album", "Pop");
        cluster.a.hold(plain);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));
        String album = web.get().uri("/api/songs/{id}", plain.id()).exchange().expectBody(SongIds.class)
                .returnResult().getResponseBody().albumId();

        web.get().uri("/api/songs/{id}/cover", plain.id()).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("No cover");
        web.get().uri("/api/albums/{id}/cover", album).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.title").isEqualTo("No cover");
        web.get().uri("/api/albums/{id}/cover", "f".repeat(32)).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.title").isEqualTo("Album not found");
        web.get().uri("/api/songs/{id}/cover?size=31", plain.id()).exchange().expectStatus().isBadRequest();
        web.get().uri("/api/songs/{id}/cover?size=1025", plain.id()).exchange().expectStatus().isBadRequest();
        web.get().uri("/api/songs/{id}/cover?size=big", plain.id()).exchange().expectStatus().isBadRequest();
        assertThat(cluster.a.coverRequests.get()).isZero();
    }

    @Test
    void aHolderSendingOtherBytesIsPassedOverAndWithNoGoodCopyTheAnswerIs502() {
        FakeSong song = FakeSong.of("Damaged", "Artist", "Album", "Pop");
        byte[] wrong = TestImages.jpeg(64, 64, 99);
        cluster.a.hold(song).cover(song.id(), "image/jpeg", COVER, wrong);
        cluster.b.hold(song).cover(song.id(), "image/jpeg", COVER);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.items[0].replicas").isEqualTo(2));

        for (int i = 0; i < 3; i++) {
            // Whichever holder is asked first, only the good copy comes back.
            web.get().uri("/api/songs/{id}/cover?size=" + (100 + i), song.id()).exchange().expectStatus().isOk();
        }
        web.get().uri("/api/songs/{id}/cover", song.id()).exchange().expectStatus().isOk().expectBody(byte[].class)
                .isEqualTo(COVER);

        FakeSong lost = FakeSong.of("Lost", "Artist", "Album", "Pop");
        cluster.c.hold(lost).cover(lost.id(), "image/jpeg", TestImages.jpeg(200, 200, 7), wrong);
        cluster.listData(cluster.a, cluster.b, cluster.c);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(2));
        web.get().uri("/api/songs/{id}/cover?size=64", lost.id()).exchange().expectStatus().isEqualTo(502)
                .expectBody().jsonPath("$.title").isEqualTo("Cover unavailable");
    }

    @Test
    void aCoverThatCannotBeDecodedIsServedAsNoCover() {
        FakeSong song = FakeSong.of("Bomb", "Artist", "Album", "Pop");
        byte[] bomb = TestImages.pngClaiming(90_000, 90_000);
        cluster.a.hold(song).cover(song.id(), "image/png", bomb);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));

        web.get().uri("/api/songs/{id}/cover?size=300", song.id()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.title").isEqualTo("No cover");
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    record SongIds(String id, String albumId, String artistId) {
    }
}
