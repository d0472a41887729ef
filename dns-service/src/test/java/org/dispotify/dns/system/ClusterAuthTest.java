package org.dispotify.dns.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.dispotify.dns.NameServiceApplication;
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

/** With a cluster secret, only signed requests may write records; anyone may still resolve. */
@SpringBootTest(classes = NameServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1",
                "dispotify.cluster.secret=" + ClusterAuthTest.SECRET})
@AutoConfigureWebTestClient
class ClusterAuthTest {

    static final String SECRET = "a-cluster-secret-for-tests";
    private static final String RECORD = """
            {"name":"data.dispotify","nodeId":"n1","host":"127.0.0.1","port":8081,"ttlSeconds":30}""";

    private final RequestSignature member = new RequestSignature(ClusterSecret.of(SECRET), Clock.systemUTC(),
            Duration.ofSeconds(60));
    private final RequestSignature stranger = new RequestSignature(ClusterSecret.of("not-the-cluster-secret!"),
            Clock.systemUTC(), Duration.ofSeconds(60));

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("dns-auth");
        registry.add("dispotify.dir", dir::toString);
    }

    @Autowired
    WebTestClient http;

    @Test
    void unsignedAndForgedWritesAreRefusedAndChangeNothing() {
        http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON).bodyValue(RECORD).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON)
                .header(RequestSignature.HEADER, stranger.sign("PUT", "/api/records")).bodyValue(RECORD).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isNotFound();
    }

    @Test
    void aSignedWriteIsStoredAndReadsNeedNoSignature() {
        http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON)
                .header(RequestSignature.HEADER, member.sign("PUT", "/api/records")).bodyValue(RECORD).exchange()
                .expectStatus().is2xxSuccessful();
        http.get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].nodeId").isEqualTo("n1");

        http.delete().uri("/api/records/data.dispotify/n1").exchange().expectStatus().isUnauthorized();
        http.delete().uri("/api/records/data.dispotify/n1")
                .header(RequestSignature.HEADER, member.sign("DELETE", "/api/records/data.dispotify/n1")).exchange()
                .expectStatus().isNoContent();
    }
}
