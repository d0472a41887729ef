package org.dispotify.router.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;

class CatalogApiTest extends RouterTestSupport {

    private static final FakeSong SO_WHAT = FakeSong.of("So What", "Miles Davis", "Kind of Blue", "Jazz");
    private static final FakeSong BLUE_IN_GREEN = FakeSong.of("Blue in Green", "Miles Davis", "Kind of Blue", "Jazz").track(3);
    private static final FakeSong ANGIE = FakeSong.of("Angie", "The Rolling Stones", "Goats Head Soup", "Rock");
    private static final FakeSong PERCENT = FakeSong.of("100% (Live)", "Zed [x] .*", "O'Brien; DROP TABLE songs", "Electronic");

    @Test
    void mergesNodesDeduplicatesByIdAndCountsReplicas() {
        cluster.a.hold(SO_WHAT, ANGIE);
        cluster.b.hold(SO_WHAT, BLUE_IN_GREEN);
        cluster.c.hold(SO_WHAT);
        cluster.listData(cluster.a, cluster.b, cluster.c);

        awaitCatalog("?sort=title", r -> r.expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.page").isEqualTo(0)
                .jsonPath("$.size").isEqualTo(50)
                .jsonPath("$.items[*].title").value(contains("Angie", "Blue in Green", "So What"))
                .jsonPath("$.items[*].replicas").value(contains(1, 1, 3)));

        web.get().uri("/api/songs/{id}", SO_WHAT.id()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(SO_WHAT.id())
                .jsonPath("$.title").isEqualTo("So What")
                .jsonPath("$.artist").isEqualTo("Miles Davis")
                .jsonPath("$.album").isEqualTo("Kind of Blue")
                .jsonPath("$.genre").isEqualTo("Jazz")
                .jsonPath("$.mimeType").isEqualTo("audio/mpeg")
                .jsonPath("$.chunkCount").isEqualTo(1)
                .jsonPath("$.replicas").isEqualTo(3)
                .jsonPath("$.storedAt").doesNotExist();
    }

    @Test
    void anUnchangedNodeIsAskedWithItsCatalogTagAndAnswers304UntilASongArrives() {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("?sort=title", r -> r.expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].title").value(contains("So What")));

        // Idle polling: the router sends the tag it holds and the node answers 304, no list.
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.a.notModifiedAnswers.get() >= 3);

        cluster.a.hold(ANGIE);
        awaitCatalog("?sort=title", r -> r.expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].title").value(contains("Angie", "So What")));
        int afterChange = cluster.a.notModifiedAnswers.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.a.notModifiedAnswers.get() > afterChange);
        web.get().uri("/api/songs?sort=title").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].title").value(contains("Angie", "So What"));
    }

    @ParameterizedTest
    @CsvSource({
            "miles, 'Blue in Green,So What'",
            "KIND OF, 'Blue in Green,So What'",
            "rock, Angie",
            "goats head, Angie",
            "sTONes, Angie",
            "'%', '100% (Live)'",
            "'.*', '100% (Live)'",
            "'[x]', '100% (Live)'",
            "'O''Brien; DROP', '100% (Live)'",
            "electronic, '100% (Live)'"})
    void searchMatchesTitleArtistAlbumGenreAsPlainCaseInsensitiveText(String q, String titles) {
        cluster.a.hold(SO_WHAT, BLUE_IN_GREEN, ANGIE, PERCENT);
        cluster.listData(cluster.a);
        String[] expected = titles.split(",");

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                web.get().uri(b -> b.path("/api/songs").queryParam("q", "{q}").build(q)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.total").isEqualTo(expected.length)
                        .jsonPath("$.items[*].title").value(containsInAnyOrder((Object[]) expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1", "^.*$", "((", "\\", "_", "nothing at all"})
    void searchWithPatternCharactersThatMatchNothingFindsNothing(String q) {
        cluster.a.hold(SO_WHAT, ANGIE, PERCENT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(3));

        web.get().uri(b -> b.path("/api/songs").queryParam("q", "{q}").build(q)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(0)
                .jsonPath("$.items").value(empty());
    }

    @Test
    void sortsByTitleArtistAlbumAndRecentlyAdded() {
        FakeSong zebra = FakeSong.of("Zebra", "Abba", "Middle", "Pop");
        FakeSong apple = FakeSong.of("Apple", "Zappa", "Alpha", "Rock");
        FakeSong mango = FakeSong.of("mango", "Mingus", "Zulu", "Jazz");
        cluster.a.hold(zebra);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));
        cluster.a.hold(apple);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(2));
        cluster.a.hold(mango);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(3));

        expectOrder("title", "Apple", "mango", "Zebra");
        expectOrder("artist", "Zebra", "mango", "Apple");
        expectOrder("album", "Apple", "Zebra", "mango");
        expectOrder("recent", "mango", "Apple", "Zebra");
        expectOrder("TITLE", "Apple", "mango", "Zebra");
    }

    private void expectOrder(String sort, String... titles) {
        web.get().uri("/api/songs?sort=" + sort).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].title").value(contains((Object[]) titles));
    }

    @Test
    void pagesThroughTheMergedCatalogAndReadsEveryPageOfEachNode() {
        // 120 songs on one node: the router lists nodes 50 at a time, so it must read 3 pages.
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String title = String.format("Song %03d", i);
            titles.add(title);
            cluster.a.hold(FakeSong.of(title, "Artist", "Album", "Genre"));
        }
        cluster.b.hold(FakeSong.of("Song 119", "Artist", "Album", "Genre"), FakeSong.of("Song 120", "Artist", "Album", "Genre"));
        cluster.listData(cluster.a, cluster.b);

        awaitCatalog("?page=0&size=50", r -> r.expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(121)
                .jsonPath("$.items.length()").isEqualTo(50)
                .jsonPath("$.items[0].title").isEqualTo("Song 000")
                .jsonPath("$.items[49].title").isEqualTo("Song 049"));
        web.get().uri("/api/songs?page=2&size=50").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.page").isEqualTo(2)
                .jsonPath("$.size").isEqualTo(50)
                .jsonPath("$.total").isEqualTo(121)
                .jsonPath("$.items.length()").isEqualTo(21)
                .jsonPath("$.items[19].title").isEqualTo("Song 119")
                .jsonPath("$.items[19].replicas").isEqualTo(2)
                .jsonPath("$.items[20].title").isEqualTo("Song 120");
        web.get().uri("/api/songs?page=7&size=50").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(121)
                .jsonPath("$.items").value(empty());
        web.get().uri("/api/songs?q=song 11&size=500").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(10);
    }

    @Test
    void changesOnALargeNodeShowUpEvenWhenTotalAndEdgesStayTheSame() {
        // 150 songs = 3 pages of 50, above full-listing-max-pages: the router probes first/last pages.
        List<FakeSong> songs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            songs.add(FakeSong.of(String.format("Track %03d", i), "Artist", "Album", "Genre"));
        }
        songs.forEach(cluster.a::hold);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(150));

        // Replace a song in the middle: total, first and last page unchanged. The periodic full
        // read (every 3 s in tests) must still pick it up.
        cluster.a.replace(songs.get(75).id(), FakeSong.of("Middle newcomer", "Artist", "Album", "Genre"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                web.get().uri("/api/songs?q=newcomer").exchange().expectBody().jsonPath("$.total").isEqualTo(1));
        web.get().uri("/api/songs?q=track 075").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void aNewSongIsListedWithinTwoSeconds() {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));

        cluster.a.hold(ANGIE);
        awaitCatalog("?q=angie", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));
    }

    @Test
    void aDataNodeThatStopsAnsweringIsSkippedAndItsSongsDropOut() {
        cluster.a.hold(SO_WHAT, ANGIE);
        cluster.b.hold(SO_WHAT, BLUE_IN_GREEN);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(3));

        cluster.b.stop(); // still listed by the name service: the router must cope on its own
        for (int i = 0; i < 10; i++) {
            web.get().uri("/api/songs").exchange().expectStatus().isOk();
        }
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                web.get().uri("/api/songs").exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.items[*].title").value(contains("Angie", "So What"))
                        .jsonPath("$.items[*].replicas").value(contains(1, 1)));
        web.get().uri("/api/songs/{id}", BLUE_IN_GREEN.id()).exchange().expectStatus().isNotFound();
    }

    @Test
    void withNoLiveDataNodeAnswers503ThenRecoversByItself() {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectStatus().isOk());

        cluster.a.stop();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                web.get().uri("/api/songs").exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.status").isEqualTo(503)
                        .jsonPath("$.detail").value(containsString("data node")));
        web.get().uri("/api/songs/{id}", SO_WHAT.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        cluster.a.start();
        awaitCatalog("", r -> r.expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(1));
    }

    @Test
    void withNoDataNodeRegisteredAnswers503SayingSo() {
        cluster.listData();
        awaitCatalog("", r -> r.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(containsString("lists no live data node")));
    }

    @Test
    void unknownSongIs404Problem() {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectStatus().isOk());

        web.get().uri("/api/songs/{id}", "0".repeat(64)).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Song not found")
                .jsonPath("$.songId").isEqualTo("0".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=-1", "size=0", "size=501", "size=-5", "page=abc", "size=ten", "sort=loudest",
            "page=99999999999"})
    void badPagingOrSortIs400Problem(String query) {
        cluster.a.hold(SO_WHAT);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectStatus().isOk());

        web.get().uri("/api/songs?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void sizeLimitsAreInclusive() {
        cluster.a.hold(SO_WHAT, ANGIE);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(2));

        web.get().uri("/api/songs?size=1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.total").isEqualTo(2);
        web.get().uri("/api/songs?size=500").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }
}
