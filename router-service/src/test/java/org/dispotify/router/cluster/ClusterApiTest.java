package org.dispotify.router.cluster;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

class ClusterApiTest extends RouterTestSupport {

    @Test
    void listsDataAndRouterMembersFromTheNameService() {
        cluster.listData(cluster.b, cluster.a);
        cluster.listRouters(new Member("router-1", "127.0.0.1", 8085, 10));

        web.get().uri("/api/cluster").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.members[*].nodeId").value(contains("data-a", "data-b", "router-1"))
                .jsonPath("$.members[*].role").value(contains("data", "data", "router"))
                .jsonPath("$.members[*].status").value(contains("ALIVE", "ALIVE", "ALIVE"))
                .jsonPath("$.members[0].host").isEqualTo("127.0.0.1")
                .jsonPath("$.members[0].port").isEqualTo(cluster.a.member().port())
                .jsonPath("$.members[2].port").isEqualTo(8085)
                .jsonPath("$.members[0].predecessor").isEmpty()
                .jsonPath("$.members[2].successors").value(empty());
    }

    @Test
    void anEmptyClusterIsAnEmptyList() {
        web.get().uri("/api/cluster").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.members").value(empty());
    }

    @Test
    void servesThePlayerAtTheRoot() {
        web.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> org.assertj.core.api.Assertions.assertThat(html)
                        .contains("<audio").contains("app.js"));
        web.get().uri("/app.js").exchange().expectStatus().isOk();
        web.get().uri("/style.css").exchange().expectStatus().isOk();
    }

    @Test
    void answersCrossOriginRequestsSoThePlayerCanSwitchRouters() {
        web.options().uri("/api/songs")
                .header("Origin", "http://127.0.0.1:9999")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("Access-Control-Allow-Origin", org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is("*"), org.hamcrest.Matchers.is("http://127.0.0.1:9999")))
                .expectHeader().value("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("POST"));
        web.get().uri("/api/cluster").header("Origin", "http://127.0.0.1:9999").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Access-Control-Allow-Origin", org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is("*"), org.hamcrest.Matchers.is("http://127.0.0.1:9999")));
    }
}
