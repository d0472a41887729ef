package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * /data/docs: personal-state documents merged on write. Two routers' writes to one document both stay,
 * whatever order they arrive in and however often; bad keys and bodies are refused and store nothing.
 */
class DocumentApiTest extends DataApiTestBase {

    private static final String SONG_X = "x1";
    private static final String SONG_Y = "y2";

    /** A favourites document that stars (or, with {@code removed}, unstars) one song at one stamp. */
    private static String favourite(String song, long millis, String node, boolean removed) {
        String stamp = "{\"" + song + "\":{\"millis\":" + millis + ",\"counter\":0,\"node\":\"" + node + "\"}}";
        return "{\"sets\":{\"songs\":{\"added\":" + (removed ? "{}" : stamp) + ",\"removed\":" + (removed ? stamp : "{}") + "}}}";
    }

    private WebTestClient.ResponseSpec put(String key, String body) {
        return client.put().uri("/data/docs/" + key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode putOk(String key, String body) {
        return put(key, body).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String key) {
        return client.get().uri("/data/docs/" + key).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> starred(JsonNode answer) {
        List<String> songs = new ArrayList<>();
        JsonNode set = answer.path("doc").path("sets").path("songs");
        set.path("added").properties().forEach(e -> {
            long removed = set.path("removed").path(e.getKey()).path("millis").asLong(-1);
            if (e.getValue().path("millis").asLong() > removed) {
                songs.add(e.getKey());
            }
        });
        return songs;
    }

    private void assertNotStored(String key) {
        client.get().uri("/data/docs/" + key).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void writesFromTwoRoutersBothStayAndTheAnswerIsTheMergedDocument() {
        putOk("favorites:merge", favourite(SONG_X, 1_000, "router-1", false));
        JsonNode merged = putOk("favorites:merge", favourite(SONG_Y, 1_001, "router-2", false));

        assertThat(starred(merged)).containsExactlyInAnyOrder(SONG_X, SONG_Y);
        JsonNode read = get("favorites:merge");
        assertThat(starred(read)).containsExactlyInAnyOrder(SONG_X, SONG_Y);
        assertThat(read.path("digest").asString()).isEqualTo(merged.path("digest").asString()).matches("[0-9a-f]{64}");
    }

    @Test
    void theSameStateIsTheSameDigestWhateverTheOrderAndRepeats() {
        String star = favourite(SONG_X, 2_000, "router-1", false);
        String unstar = favourite(SONG_X, 3_000, "router-2", true);
        putOk("favorites:order-a", star);
        JsonNode a = putOk("favorites:order-a", unstar);
        putOk("favorites:order-b", unstar);
        putOk("favorites:order-b", star);
        JsonNode b = putOk("favorites:order-b", star);

        assertThat(b.path("digest").asString()).isEqualTo(a.path("digest").asString());
        assertThat(starred(a)).as("the later unstar wins on both").isEmpty();
        assertThat(starred(b)).isEmpty();
    }

    @Test
    void badKeysAndBodiesAreRefusedAndStoreNothing() {
        put("Alice's stars", favourite(SONG_X, 1, "r", false)).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Bad document key");

        for (String body : List.of("not json", "null", "[]", "{\"stars\":{}}",
                "{\"sets\":{\"songs\":{\"added\":{\"x\":{\"millis\":1,\"counter\":0}}}}}",
                "{\"sets\":{\"songs\":{\"added\":{\"x\":{\"millis\":-5,\"counter\":0,\"node\":\"r\"}}}}}")) {
            put("favorites:refused", body).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Not a document");
        }
        client.put().uri("/data/docs/favorites:refused").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest();
        assertNotStored("favorites:refused");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        StringBuilder big = new StringBuilder("{\"registers\":{\"blob\":{\"value\":\"");
        big.append("a".repeat((1 << 20) + 10)).append("\",\"stamp\":{\"millis\":1,\"counter\":0,\"node\":\"r\"}}}}");

        put("queue:big", big.toString()).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNotStored("queue:big");
    }

    @Test
    void keysAndDigestsArePagedInKeyOrder() {
        for (String key : List.of("page:c", "page:a", "page:b")) {
            putOk(key, favourite(SONG_X, 5_000, "router-1", false));
        }
        JsonNode first = client.get().uri("/data/docs?after=page:&limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.path("items").findValuesAsString("key")).containsExactly("page:a", "page:b");
        assertThat(first.path("next").asString()).isEqualTo("page:b");

        JsonNode second = client.get().uri("/data/docs?after=page:b&limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.path("items").findValuesAsString("key")).startsWith("page:c");
        assertThat(second.path("items").get(0).path("digest").asString()).isEqualTo(get("page:c").path("digest").asString());

        client.get().uri("/data/docs?limit=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aMissingDocumentIs404() {
        assertNotStored("user:nobody");
    }
}
