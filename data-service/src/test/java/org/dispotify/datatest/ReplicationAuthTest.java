package org.dispotify.datatest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.dispotify.ring.security.ClusterSecret;
import org.dispotify.ring.security.RequestSignature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With a cluster secret, the replication API answers members only; listeners still read songs. */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ReplicationAuthTest {

    private static final String SECRET = "replication-secret-for-tests";
    private static final Path DIR = TestDirs.fresh("replication-auth");
    private static final String ID = "0".repeat(64);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", DIR::toString);
        registry.add("dispotify.cluster.secret", () -> SECRET);
    }

    @Autowired
    WebTestClient client;

    private final RequestSignature member = new RequestSignature(ClusterSecret.of(SECRET), Clock.systemUTC(),
            Duration.ofSeconds(60));
    private final RequestSignature stranger = new RequestSignature(ClusterSecret.of("someone-else's-secret-here"),
            Clock.systemUTC(), Duration.ofSeconds(60));

    @Test
    void unsignedOrForgedReplicationCallsAreRefused() {
        String manifest = "/data/replication/songs/" + ID + "/manifest";
        client.get().uri(manifest).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri(manifest).header(RequestSignature.HEADER, stranger.sign("GET", manifest)).exchange()
                .expectStatus().isUnauthorized();
        client.post().uri("/data/replication/songs/" + ID + "?from=http://127.0.0.1:9").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aMembersSignedCallGetsThrough() {
        String manifest = "/data/replication/songs/" + ID + "/manifest";
        // Past the authentication: the song is simply unknown here.
        client.get().uri(manifest).header(RequestSignature.HEADER, member.sign("GET", manifest)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void personalStateDocumentsAnswerMembersOnly() {
        String doc = "/data/docs/favorites:alice";
        String body = "{\"registers\":{\"name\":{\"value\":\"Alice\",\"stamp\":{\"millis\":1,\"counter\":0,\"node\":\"r\"}}}}";
        client.get().uri(doc).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.put().uri(doc).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .header(RequestSignature.HEADER, stranger.sign("PUT", doc)).exchange().expectStatus().isUnauthorized();
        client.get().uri("/data/docs").exchange().expectStatus().isUnauthorized();
        // Nothing was stored by the refused write.
        client.get().uri(doc).header(RequestSignature.HEADER, member.sign("GET", doc)).exchange()
                .expectStatus().isNotFound();

        client.put().uri(doc).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .header(RequestSignature.HEADER, member.sign("PUT", doc)).exchange().expectStatus().isOk();
        client.get().uri(doc).header(RequestSignature.HEADER, member.sign("GET", doc)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.doc.registers.name.value").isEqualTo("Alice");
    }

    @Test
    void listenersNeedNoSignature() {
        client.get().uri("/data/songs").exchange().expectStatus().isOk();
    }
}
