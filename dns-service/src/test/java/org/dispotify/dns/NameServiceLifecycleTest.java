package org.dispotify.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.dispotify.dns.support.FreePorts;
import org.dispotify.dns.support.NameServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whole name services started as the node CLI starts them: restarts, several side by side, real time. */
class NameServiceLifecycleTest {

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    @Test
    void restartedServiceAnswersAtOnceWithTheStoredRecords() throws IOException {
        try (NameServiceProcess first = NameServiceProcess.start(dirA)) {
            register(first.http(), "data.dispotify", "d1", 8081);
            register(first.http(), "data.dispotify", "d2", 8082);
            register(first.http(), "router.dispotify", "r1", 9091);
            first.http().delete().uri("/api/records/data.dispotify/d2").exchange().expectStatus().isNoContent();
        }

        try (NameServiceProcess second = NameServiceProcess.start(dirA)) {
            second.http().get().uri("/api/records").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.length()").isEqualTo(2)
                    .jsonPath("$[0].nodeId").isEqualTo("d1")
                    .jsonPath("$[0].registeredAt").exists()
                    .jsonPath("$[1].nodeId").isEqualTo("r1");
            second.http().get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$[0].port").isEqualTo(8081);
            Message dns = resolver(second.dnsPort()).send(query("r1.node.dispotify.", Type.A));
            assertThat(dns.getSection(Section.ANSWER)).singleElement()
                    .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
        }
    }

    @Test
    void severalNameServicesRunSideBySideIndependently() throws IOException {
        try (NameServiceProcess a = NameServiceProcess.start(dirA);
                NameServiceProcess b = NameServiceProcess.start(dirB)) {
            assertThat(a.dnsPort()).isNotEqualTo(b.dnsPort());
            register(a.http(), "data.dispotify", "d1", 8081);

            a.http().get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isOk();
            b.http().get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isNotFound();
            assertThat(resolver(b.dnsPort()).send(query("data.dispotify.", Type.A)).getRcode())
                    .isEqualTo(Rcode.NXDOMAIN);

            register(b.http(), "data.dispotify", "d1", 8081);
            b.http().get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isOk();
        }
    }

    @Test
    void deadOwnerIsDroppedWithinItsTtlPlusOneCheckOnTheRealClock() {
        try (NameServiceProcess service = NameServiceProcess.start(dirA)) {
            WebTestClient http = service.http();
            http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "data.dispotify", "nodeId", "gone", "host", "127.0.0.1",
                            "port", FreePorts.closedPort(), "ttlSeconds", 1))
                    .exchange().expectStatus().isCreated();
            http.get().uri("/api/resolve/data.dispotify").exchange().expectStatus().isOk();

            // TTL (1 s) + one sweep (0.5 s) + one health check (at most 1 s), with room for a busy machine.
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> http.get().uri("/api/resolve/data.dispotify").exchange()
                            .expectStatus().isNotFound());
        }
    }

    private static void register(WebTestClient http, String name, String nodeId, int port) {
        http.put().uri("/api/records").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "nodeId", nodeId, "host", "127.0.0.1", "port", port, "ttlSeconds", 60))
                .exchange().expectStatus().isCreated();
    }

    private static SimpleResolver resolver(int port) {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(port);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }
}
