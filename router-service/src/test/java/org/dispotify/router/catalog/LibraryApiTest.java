package org.dispotify.router.catalog;

import static org.hamcrest.Matchers.contains;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** /api/artists, /api/albums, /api/genres over songs two fake data nodes list. */
class LibraryApiTest extends RouterTestSupport {

    private static final FakeSong SO_WHAT = FakeSong.of("So What", "Miles Davis", "Kind of Blue", "Jazz");
    private static final FakeSong FREDDIE = FakeSong.of("Freddie Freeloader", "Miles Davis", "Kind of Blue", "Jazz").track(2);
    private static final FakeSong BLUE = FakeSong.of("Blue in Green", "Miles Davis", "Kind of Blue", "Jazz").track(3);
    private static final FakeSong HIT = FakeSong.of("Hit", "Guest", "Tribute", "Pop");

    @Test
    void albumsArtistsAndGenresComeFromTheMergedSongs() {
        cluster.a.hold(BLUE, SO_WHAT, HIT);
        cluster.b.hold(FREDDIE, SO_WHAT);
        cluster.a.tag(HIT.id(), "albumArtist", "Curator").tag(BLUE.id(), "disc", 1);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(4));
        String kindOfBlue = LibraryNames.albumId("Miles Davis", "Kind of Blue");
        String miles = LibraryNames.artistId("Miles Davis");

        web.get().uri("/api/albums?sort=name").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(2)
                .jsonPath("$.items[*].name").value(contains("Kind of Blue", "Tribute"))
                .jsonPath("$.items[0].id").isEqualTo(kindOfBlue)
                .jsonPath("$.items[0].artist").isEqualTo("Miles Davis")
                .jsonPath("$.items[0].artistId").isEqualTo(miles)
                .jsonPath("$.items[0].songCount").isEqualTo(3)
                .jsonPath("$.items[0].hasCover").isEqualTo(false)
                .jsonPath("$.items[1].artist").isEqualTo("Curator");
        web.get().uri("/api/albums/{id}", kindOfBlue).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.songs[*].title").value(contains("So What", "Freddie Freeloader", "Blue in Green"))
                .jsonPath("$.songs[0].replicas").isEqualTo(2)
                .jsonPath("$.songs[0].albumId").isEqualTo(kindOfBlue)
                .jsonPath("$.songs[0].artistId").isEqualTo(miles);
        web.get().uri("/api/artists?q=MILES").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(miles)
                .jsonPath("$.items[0].albumCount").isEqualTo(1)
                .jsonPath("$.items[0].songCount").isEqualTo(3);
        web.get().uri("/api/artists/{id}", LibraryNames.artistId("Guest")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("Guest")
                .jsonPath("$.albums[0].name").isEqualTo("Tribute");
        web.get().uri("/api/genres").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].name").value(contains("Jazz", "Pop"))
                .jsonPath("$.items[0].songCount").isEqualTo(3)
                .jsonPath("$.items[0].albumCount").isEqualTo(1);
        web.get().uri("/api/songs/{id}", HIT.id()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.albumArtist").isEqualTo("Curator")
                .jsonPath("$.albumId").isEqualTo(LibraryNames.albumId("Curator", "Tribute"))
                .jsonPath("$.hasCover").isEqualTo(false);
    }

    @Test
    void unknownIdsAre404AndBadParametersAre400Problems() {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));

        web.get().uri("/api/albums/{id}", "0".repeat(32)).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Album not found");
        web.get().uri("/api/artists/{id}", "nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.title").isEqualTo("Artist not found");
        for (String query : new String[] {"sort=rating", "order=sideways", "size=0", "size=501", "page=-1"}) {
            web.get().uri("/api/albums?" + query).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get().uri("/api/artists?size=0").exchange().expectStatus().isBadRequest();
        web.get().uri(b -> b.path("/api/artists").queryParam("q", "x".repeat(201)).build()).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void withoutDataNodesTheLibraryIs503() {
        cluster.listData();

        // The last nodes' songs stay for drop-after (1 s here) once the name service lists none.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                web.get().uri("/api/albums").exchange().expectStatus().isEqualTo(503)
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        web.get().uri("/api/genres").exchange().expectStatus().isEqualTo(503);
    }
}
