package org.dispotify.dns.expiry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.dispotify.dns.NameServiceApplication;
import org.dispotify.dns.records.RecordRegistry;
import org.dispotify.dns.support.FreePorts;
import org.dispotify.dns.support.HealthEndpoint;
import org.dispotify.dns.support.ManualClock;
import org.dispotify.dns.system.MonotonicClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** TTL expiry with the clock driven by hand; the sweeper itself runs every 50 ms of real time. */
@SpringBootTest(classes = {NameServiceApplication.class, ExpiryTest.Clock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1",
                "dispotify.dns.sweep-interval=50ms"})
@AutoConfigureWebTestClient
class ExpiryTest {

    private static final Duration SOME_SWEEPS = Duration.ofMillis(400);

    @TestConfiguration
    static class Clock {
        @Bean
        @Primary
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("dns-expiry");
        registry.add("dispotify.dir", dir::toString);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    RecordRegistry registry;

    @Autowired
    ManualClock clock;

    @Autowired
    MonotonicClock usedClock;

    @Autowired
    JdbcClient jdbc;

    private HealthEndpoint owner;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(usedClock).isSameAs(clock);
        registry.all().forEach(r -> registry.remove(r.record().name(), r.record().nodeId()));
        owner = new HealthEndpoint();
    }

    @AfterEach
    void tearDown() {
        owner.close();
    }

    @Test
    void recordIsNotCheckedBeforeItsTtlRunsOut() {
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(4));

        await().during(SOME_SWEEPS).atMost(SOME_SWEEPS.multipliedBy(3)).until(() -> owner.calls() == 0);
        resolves("data.dispotify");
    }

    @Test
    void renewalRestartsTheTtl() {
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(4));
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(4));

        await().during(SOME_SWEEPS).atMost(SOME_SWEEPS.multipliedBy(3)).until(() -> owner.calls() == 0);
    }

    @Test
    void aliveOwnerIsCheckedOnceAndRenewedForAnotherTtl() {
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(5)).until(() -> owner.calls() == 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri("/api/records").exchange()
                .expectBody()
                .jsonPath("$[0].checking").isEqualTo(false)
                .jsonPath("$[0].expiresInMs").value(ms -> assertThat(((Number) ms).longValue()).isGreaterThan(4_000)));
        // One check per expiry: the renewed record is not checked again until its new TTL runs out.
        await().during(SOME_SWEEPS).atMost(SOME_SWEEPS.multipliedBy(3)).until(() -> owner.calls() == 1);
        resolves("data.dispotify");

        clock.advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(5)).until(() -> owner.calls() == 2);
    }

    @Test
    void deadOwnerIsDroppedAfterOneCheckFromMemoryAndSqlite() {
        register("n1", FreePorts.closedPort(), 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsInSqlite() == 1);
        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri("/api/resolve/data.dispotify")
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        http.get().uri("/api/resolve/n1.node.dispotify").exchange().expectStatus().isNotFound();
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsInSqlite() == 0);
    }

    @Test
    void ownerAnsweringUnhealthyIsDropped() {
        owner.status(503);
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 0);
        assertThat(owner.calls()).isEqualTo(1);
    }

    @Test
    void recordUnderCheckIsStillResolvedUntilTheCheckEnds() {
        owner.hold();
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(5)).until(() -> owner.calls() == 1);
        http.get().uri("/api/records").exchange().expectBody().jsonPath("$[0].checking").isEqualTo(true);
        resolves("data.dispotify");
        resolves("n1.node.dispotify");

        owner.release();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri("/api/records").exchange()
                .expectBody().jsonPath("$[0].checking").isEqualTo(false));
        resolves("data.dispotify");
    }

    @Test
    void renewalDuringTheCheckWinsOverADeadVerdict() {
        owner.hold();
        owner.status(503);
        register("n1", owner.port(), 5);
        clock.advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(5)).until(() -> owner.calls() == 1);

        register("n1", owner.port(), 5);
        owner.release();

        await().during(SOME_SWEEPS).atMost(SOME_SWEEPS.multipliedBy(3)).until(() -> registry.size() == 1);
        resolves("data.dispotify");
    }

    private void register(String nodeId, int port, int ttl) {
        http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "data.dispotify", "nodeId", nodeId, "host", "127.0.0.1", "port", port,
                        "ttlSeconds", ttl))
                .exchange().expectStatus().is2xxSuccessful();
    }

    private void resolves(String name) {
        http.get().uri("/api/resolve/{name}", name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].nodeId").isEqualTo("n1");
    }

    private int rowsInSqlite() {
        return jdbc.sql("SELECT count(*) FROM dns_records").query(Integer.class).single();
    }
}
