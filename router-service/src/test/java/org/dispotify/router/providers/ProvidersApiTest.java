package org.dispotify.router.providers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProvidersApiTest extends RouterTestSupport {

    private static final java.util.concurrent.atomic.AtomicInteger SONGS = new java.util.concurrent.atomic.AtomicInteger();
    /** A new song per test: what one test's nodes said about a song must not leak into the next. */
    private final FakeSong song = FakeSong.of("Giant Steps " + SONGS.incrementAndGet(), "John Coltrane", "Giant Steps", "Jazz");

    @Test
    void providersAreTheLiveHoldersOfTheWholeSongAtMostThree() {
        cluster.a.hold(song);
        cluster.b.hold(song);
        cluster.c.hold(song);
        cluster.d.hold(FakeSong.of("Naima", "John Coltrane", "Giant Steps", "Jazz")); // not a holder of this one
        cluster.listData(cluster.a, cluster.b, cluster.c, cluster.d);
        awaitCatalog("/" + song.id(), r -> r.expectBody().jsonPath("$.replicas").isEqualTo(3));

        for (int i = 0; i < 20; i++) {
            Providers found = providers(song.id());
            assertThat(found.songId()).isEqualTo(song.id());
            assertThat(found.providers()).hasSize(3);
            assertThat(found.providers()).extracting(Provider::nodeId).containsExactlyInAnyOrder("data-a", "data-b", "data-c");
            for (Provider provider : found.providers()) {
                FakeDataNode node = node(provider.nodeId());
                assertThat(provider.url()).isEqualTo(node.baseUrl() + "/data/songs/" + song.id() + "/audio");
            }
        }
    }

    @Test
    void aHolderThatStopsAnsweringIsNoLongerOffered() {
        cluster.a.hold(song);
        cluster.b.hold(song);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("/" + song.id(), r -> r.expectBody().jsonPath("$.replicas").isEqualTo(2));

        cluster.b.stop(); // the name service still lists it
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(providers(song.id()).providers()).extracting(Provider::nodeId).containsExactly("data-a"));
        for (int i = 0; i < 20; i++) {
            assertThat(providers(song.id()).providers()).extracting(Provider::nodeId).containsExactly("data-a");
        }
    }

    /**
     * With 4 complete holders and 3 providers per answer there are 24 ordered choices, each of
     * probability 1/24 when the shuffle is uniform. Chi-square over 1,200 answers, 23 degrees of
     * freedom: a uniform chooser exceeds 52.6 with probability 0.0001. Sorted, rotating or
     * first-node-favouring choosers land in the hundreds or thousands.
     */
    @Test
    void providerOrderIsUniformlyRandom() {
        for (FakeDataNode node : cluster.all()) {
            node.hold(song);
        }
        cluster.listData(cluster.a, cluster.b, cluster.c, cluster.d);
        awaitCatalog("/" + song.id(), r -> r.expectBody().jsonPath("$.replicas").isEqualTo(4));

        int answers = 1200;
        Map<List<String>, Integer> counts = new HashMap<>();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < answers; i++) {
            List<String> order = providers(song.id()).providers().stream().map(Provider::nodeId).toList();
            assertThat(order).hasSize(3).doesNotHaveDuplicates();
            counts.merge(order, 1, Integer::sum);
            first.merge(order.get(0), 1, Integer::sum);
        }
        double expected = answers / 24.0;
        double chiSquare = 0;
        for (List<String> order : permutationsOfThree(List.of("data-a", "data-b", "data-c", "data-d"))) {
            double observed = counts.getOrDefault(order, 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        assertThat(counts.keySet()).hasSize(24);
        assertThat(chiSquare).as("chi-square of ordered provider triples, first-position counts %s", first)
                .isLessThan(52.6);
    }

    @Test
    void aSongWhoseHoldersStoppedAnsweringHasNoProvidersAndNoStream() {
        FakeSong other = FakeSong.of("Naima " + SONGS.incrementAndGet(), "John Coltrane", "Giant Steps", "Jazz");
        cluster.a.hold(song);
        cluster.b.hold(other);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("/" + song.id(), r -> r.expectStatus().isOk());

        cluster.a.stop(); // the name service still lists it, and the catalog still knows its songs
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(providers(song.id()).providers()).isEmpty());
        web.get().uri("/api/songs/{id}/stream", song.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.songId").isEqualTo(song.id());
    }

    @Test
    void streamRedirectsWith307ToAProvidersAudioKeepingTheQuery() {
        cluster.a.hold(song);
        cluster.b.hold(song);
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("/" + song.id(), r -> r.expectBody().jsonPath("$.replicas").isEqualTo(2));

        Set<String> audioUrls = Set.of(cluster.a.baseUrl() + "/data/songs/" + song.id() + "/audio",
                cluster.b.baseUrl() + "/data/songs/" + song.id() + "/audio");
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            String location = web.get().uri("/api/songs/{id}/stream", song.id()).exchange()
                    .expectStatus().isEqualTo(HttpStatus.TEMPORARY_REDIRECT)
                    .returnResult(Void.class).getResponseHeaders().getLocation().toString();
            assertThat(audioUrls).contains(location);
            seen.add(location);
        }
        assertThat(seen).as("both holders are used").hasSize(2);

        String withQuery = web.get().uri("/api/songs/{id}/stream?fromMs=5000", song.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.TEMPORARY_REDIRECT)
                .returnResult(Void.class).getResponseHeaders().getLocation().toString();
        assertThat(withQuery).endsWith("/data/songs/" + song.id() + "/audio?fromMs=5000");
    }

    @Test
    void unknownSongIs404ForProvidersAndStream() {
        cluster.a.hold(song);
        cluster.listData(cluster.a);
        awaitCatalog("", r -> r.expectStatus().isOk());

        for (String path : List.of("/api/songs/{id}/providers", "/api/songs/{id}/stream")) {
            web.get().uri(path, "f".repeat(64)).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(404);
        }
    }

    @Test
    void withNoLiveDataNodeProvidersAre503() {
        cluster.listData();
        awaitCatalog("", r -> r.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        web.get().uri("/api/songs/{id}/providers", song.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private Providers providers(String id) {
        return web.get().uri("/api/songs/{id}/providers", id).exchange()
                .expectStatus().isOk()
                .expectBody(Providers.class).returnResult().getResponseBody();
    }

    private static FakeDataNode node(String nodeId) {
        return cluster.all().stream().filter(n -> n.nodeId.equals(nodeId)).findFirst().orElseThrow();
    }

    private static List<List<String>> permutationsOfThree(List<String> items) {
        return items.stream().flatMap(x -> items.stream().filter(y -> !y.equals(x))
                        .flatMap(y -> items.stream().filter(z -> !z.equals(x) && !z.equals(y)).map(z -> List.of(x, y, z))))
                .collect(Collectors.toList());
    }
}
