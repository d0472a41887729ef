package org.dispotify.ring.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.Disposable;
import reactor.test.StepVerifier;

class NameServiceClientTest {

    // Generous: these tests are about failover order, not speed, and CI machines can be slow.
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String TWO_ROUTERS = """
            [{"nodeId":"r1","host":"127.0.0.1","port":8081,"ttlSeconds":10},
             {"nodeId":"r2","host":"127.0.0.1","port":8082,"ttlSeconds":10}]""";

    private final FakeNameServer first = new FakeNameServer();
    private final FakeNameServer second = new FakeNameServer();

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static NameServiceClient client(NameServer... servers) {
        return new NameServiceClient(WebClient.builder(), List.of(servers), TIMEOUT);
    }

    @Test
    void resolvesFromTheFirstServerThatAnswers() {
        first.resolveBody.set(TWO_ROUTERS);
        second.resolveBody.set("[]");

        StepVerifier.create(client(first.address(), second.address()).resolve("router.dispotify"))
                .assertNext(members -> assertThat(members).extracting(Member::nodeId).containsExactly("r1", "r2"))
                .verifyComplete();
        assertThat(second.resolves).hasValue(0);
    }

    @Test
    void failsOverToTheNextServerWhenOneIsDown() throws IOException {
        second.resolveBody.set(TWO_ROUTERS);

        StepVerifier.create(client(deadAddress(), second.address()).resolve("router.dispotify"))
                .assertNext(members -> assertThat(members).hasSize(2))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void failsOverWhenAServerAnswersWithAServerError() {
        first.resolveStatus.set(503);
        second.resolveBody.set(TWO_ROUTERS);

        StepVerifier.create(client(first.address(), second.address()).resolve("router.dispotify"))
                .assertNext(members -> assertThat(members).hasSize(2))
                .verifyComplete();
        assertThat(first.resolves).as("one retry of the idempotent resolve").hasValue(2);
    }

    @Test
    void anUnknownNameHasNoMembers() {
        first.resolveStatus.set(404);
        first.resolveBody.set("{\"status\":404}");

        StepVerifier.create(client(first.address(), second.address()).resolve("data.dispotify"))
                .assertNext(members -> assertThat(members).isEmpty())
                .verifyComplete();
        assertThat(second.resolves).as("404 is an answer, not a failure").hasValue(0);
    }

    @Test
    void servesTheLastGoodAnswerWhileNoServerAnswers() {
        first.resolveBody.set(TWO_ROUTERS);
        NameServiceClient client = client(first.address());
        StepVerifier.create(client.resolve("router.dispotify")).expectNextCount(1).verifyComplete();

        first.close();

        StepVerifier.create(client.resolve("router.dispotify"))
                .assertNext(members -> assertThat(members).extracting(Member::nodeId).containsExactly("r1", "r2"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void failsWhenNoServerAnswersAndNothingIsKnown() throws IOException {
        StepVerifier.create(client(deadAddress()).resolve("router.dispotify"))
                .expectError(NameServiceUnavailableException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void registersWithEveryServer() {
        Registration record = new Registration("data.dispotify", "n1", "127.0.0.1", 8081, 10);

        StepVerifier.create(client(first.address(), second.address()).register(record)).verifyComplete();

        assertThat(first.puts).hasValue(1);
        assertThat(second.puts).hasValue(1);
    }

    @Test
    void registrationSucceedsWhileOneServerIsUp() throws IOException {
        Registration record = new Registration("data.dispotify", "n1", "127.0.0.1", 8081, 10);

        StepVerifier.create(client(deadAddress(), second.address()).register(record))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(second.puts).hasValue(1);
    }

    @Test
    void registrationFailsWhenNoServerTakesIt() throws IOException {
        Registration record = new Registration("data.dispotify", "n1", "127.0.0.1", 8081, 10);

        StepVerifier.create(client(deadAddress()).register(record))
                .expectError(NameServiceUnavailableException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void keepsTheRecordRegisteredEveryThirdOfItsTtl() {
        Registration record = new Registration("router.dispotify", "n1", "127.0.0.1", 8081, 1);

        Disposable renewals = client(first.address()).keepRegistered(record);
        try {
            // TTL 1 s renews every ~333 ms: well over 3 registrations in 1.5 s.
            await().atMost(Duration.ofSeconds(5)).until(() -> first.puts.get() >= 4);
        } finally {
            renewals.dispose();
        }
        int afterStop = first.puts.get();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> first.puts.get() <= afterStop + 1);
    }

    @Test
    void deregistersFromEveryServer() {
        StepVerifier.create(client(first.address(), second.address()).deregister("data.dispotify", "n1"))
                .verifyComplete();
        assertThat(first.deletes).hasValue(1);
        assertThat(second.deletes).hasValue(1);
    }

    /** A loopback port that nothing listens on. */
    private static NameServer deadAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new NameServer("127.0.0.1", socket.getLocalPort());
        }
    }
}
