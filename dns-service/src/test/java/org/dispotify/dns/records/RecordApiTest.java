package org.dispotify.dns.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.dispotify.dns.NameServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@SpringBootTest(classes = NameServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1"})
@AutoConfigureWebTestClient
class RecordApiTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("dns-api");
        registry.add("dispotify.dir", dir::toString);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    RecordRegistry registry;

    @BeforeEach
    void empty() {
        // On a loaded machine an answer (the first /v3/api-docs scans every route) can take longer than the
        // client's default 5 s; a request given up on would still land after the next test emptied the registry.
        http = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        registry.all().forEach(r -> registry.remove(r.record().name(), r.record().nodeId()));
    }

    @Test
    void putCreatesThenRenewsAndResolveReturnsTheMember() {
        put(record("data.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.name").isEqualTo("data.dispotify")
                .jsonPath("$.nodeId").isEqualTo("n1")
                .jsonPath("$.ttlSeconds").isEqualTo(30);
        put(record("data.dispotify", "n1", "127.0.0.2", 8082, 20)).expectStatus().isOk()
                .expectBody().jsonPath("$.host").isEqualTo("127.0.0.2");

        List<Map<String, Object>> members = resolve("data.dispotify");
        assertThat(members).containsExactly(Map.of("nodeId", "n1", "host", "127.0.0.2", "port", 8082, "ttlSeconds", 20));
    }

    @Test
    void missingTtlTakesTheDefault() {
        put(Map.of("name", "router.dispotify", "nodeId", "r1", "host", "localhost", "port", 9000))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.ttlSeconds").isEqualTo(10);
    }

    @Test
    void nodeNameResolvesToThatNodesRecordWithoutASeparateRegistration() {
        put(record("data.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated();
        put(record("data.dispotify", "n2", "127.0.0.2", 8082, 30)).expectStatus().isCreated();

        assertThat(resolve("n2.node.dispotify"))
                .containsExactly(Map.of("nodeId", "n2", "host", "127.0.0.2", "port", 8082, "ttlSeconds", 30));
        http.get().uri("/api/resolve/n3.node.dispotify").exchange().expectStatus().isNotFound();
    }

    @Test
    void resolveShufflesTheMembers() {
        for (int i = 1; i <= 6; i++) {
            put(record("router.dispotify", "r" + i, "127.0.0." + i, 9000 + i, 30)).expectStatus().isCreated();
        }
        Set<List<Object>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<Map<String, Object>> members = resolve("router.dispotify");
            assertThat(members).hasSize(6);
            orders.add(members.stream().map(m -> m.get("nodeId")).toList());
        }
        // 720 orders: 30 draws all landing on one order would mean no shuffling at all.
        assertThat(orders).hasSizeGreaterThan(1);
    }

    @Test
    void unknownNameIsNotFoundAsProblemJson() {
        http.get().uri("/api/resolve/nobody.dispotify").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.detail").exists();
    }

    @Test
    void deleteRemovesTheRecordThenAnswersNotFound() {
        put(record("data.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated();
        put(record("router.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated();

        http.delete().uri("/api/records/data.dispotify/n1").exchange().expectStatus().isNoContent();

        http.get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isNotFound();
        assertThat(resolve("router.dispotify")).hasSize(1);
        http.delete().uri("/api/records/data.dispotify/n1").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void listShowsEveryRecordOrdered() {
        put(record("router.dispotify", "r1", "127.0.0.1", 9001, 30)).expectStatus().isCreated();
        put(record("data.dispotify", "n2", "127.0.0.1", 8082, 30)).expectStatus().isCreated();
        put(record("data.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated();

        List<Map<String, Object>> all = http.get().uri("/api/records").exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(all).extracting(m -> m.get("name") + "/" + m.get("nodeId"))
                .containsExactly("data.dispotify/n1", "data.dispotify/n2", "router.dispotify/r1");
        assertThat(all).allSatisfy(m -> assertThat((Boolean) m.get("checking")).isFalse());
    }

    static Stream<Arguments> invalidRecords() {
        return Stream.of(
                arguments("empty name", body("name", "", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("missing name", body("nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("uppercase name", body("name", "Data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("name outside the zone", body("name", "data.example", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("bare zone", body("name", "dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("label with underscore", body("name", "my_data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("empty label", body("name", "data..dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("label starting with hyphen", body("name", "-data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("label over 63 chars", body("name", "a".repeat(64) + ".dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("name over 253 chars", body("name", "bb." + ("a".repeat(60) + ".").repeat(4) + "dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("derived node name", body("name", "n1.node.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80), "name"),
                arguments("empty node id", body("name", "data.dispotify", "nodeId", "", "host", "127.0.0.1", "port", 80), "nodeId"),
                arguments("node id with a dot", body("name", "data.dispotify", "nodeId", "n.1", "host", "127.0.0.1", "port", 80), "nodeId"),
                arguments("uppercase node id", body("name", "data.dispotify", "nodeId", "N1", "host", "127.0.0.1", "port", 80), "nodeId"),
                arguments("missing host", body("name", "data.dispotify", "nodeId", "n1", "port", 80), "host"),
                arguments("bad IPv4", body("name", "data.dispotify", "nodeId", "n1", "host", "10.0.0.300", "port", 80), "host"),
                arguments("host with a space", body("name", "data.dispotify", "nodeId", "n1", "host", "my host", "port", 80), "host"),
                arguments("URL as host", body("name", "data.dispotify", "nodeId", "n1", "host", "http://x", "port", 80), "host"),
                arguments("port 0", body("name", "data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 0), "port"),
                arguments("port 65536", body("name", "data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 65536), "port"),
                arguments("missing port", body("name", "data.dispotify", "nodeId", "n1", "host", "127.0.0.1"), "port"),
                arguments("TTL 0", body("name", "data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80, "ttlSeconds", 0), "ttlSeconds"),
                arguments("TTL 3601", body("name", "data.dispotify", "nodeId", "n1", "host", "127.0.0.1", "port", 80, "ttlSeconds", 3601), "ttlSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecords")
    void invalidRecordIsRejectedWithProblemJsonAndChangesNothing(String why, Map<String, Object> body, String field) {
        put(body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains(field));
        assertThat(registry.size()).isZero();
    }

    @Test
    void validEdgeValuesAreAccepted() {
        put(record("a-1.b.dispotify", "n-" + "x".repeat(61), "my-host.example.org", 65535, 3600))
                .expectStatus().isCreated();
        put(record("data.dispotify", "n1", "0.0.0.0", 1, 1)).expectStatus().isCreated();
        String longest = ("a".repeat(60) + ".").repeat(4) + "dispotify";
        assertThat(longest).hasSize(253);
        put(record(longest, "n1", "127.0.0.1", 80, 10)).expectStatus().isCreated();
        assertThat(registry.size()).isEqualTo(3);
    }

    @Test
    void unknownFieldIsRejected() {
        rawPut("{\"name\":\"data.dispotify\",\"nodeId\":\"n1\",\"host\":\"127.0.0.1\",\"port\":80,\"ttl\":5}")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("'ttl'"));
        assertThat(registry.size()).isZero();
    }

    @Test
    void malformedJsonIsRejected() {
        rawPut("{\"name\":\"data.dispotify\",").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        rawPut("[1,2]").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        rawPut("{\"name\":\"data.dispotify\",\"nodeId\":\"n1\",\"host\":\"127.0.0.1\",\"port\":\"eighty\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        rawPut("{\"name\":\"data.dispotify\",\"nodeId\":\"n1\",\"host\":\"127.0.0.1\",\"port\":80.5}")
                .expectStatus().isBadRequest();
        rawPut("").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(registry.size()).isZero();
    }

    @Test
    void openApiDescribesTheEndpoints() {
        // springdoc builds the document on its first request: 5 s and more on a loaded machine (a full build here went red at
        // load 13), so this call waits as long as ApiDocsTest's do.
        http.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/records'].put.summary").exists()
                .jsonPath("$.paths['/api/resolve/{name}'].get.responses['404'].content['application/problem+json']").exists()
                .jsonPath("$.paths['/api/records/{name}/{nodeId}'].delete").exists();
    }

    @Test
    void metricsArePublished() {
        put(record("data.dispotify", "n1", "127.0.0.1", 8081, 30)).expectStatus().isCreated();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text)
                        .contains("dispotify_dns_records 1.0")
                        .contains("dispotify_dns_registrations_total{outcome=\"created\"}"));
    }

    private List<Map<String, Object>> resolve(String name) {
        return http.get().uri("/api/resolve/{name}", name).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec put(Map<String, Object> body) {
        return http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec rawPut(String json) {
        return http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    static Map<String, Object> record(String name, String nodeId, String host, int port, int ttl) {
        return Map.of("name", name, "nodeId", nodeId, "host", host, "port", port, "ttlSeconds", ttl);
    }

    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return body;
    }
}
