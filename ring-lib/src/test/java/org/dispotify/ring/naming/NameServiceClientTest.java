package org.dispotify.ring.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

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

    /**
     * On virtual time, with a name server that answers at once: renewals come every TTL/3, so the record
     * never goes a whole TTL unrenewed (the name service would then check the owner, and drop it if that
     * check failed); and none come after the handle is disposed.
     */
    @Test
    void keepsTheRecordRegisteredEveryThirdOfItsTtl() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try {
            List<Long> renewedAt = new CopyOnWriteArrayList<>();
            WebClient.Builder answersAtOnce = WebClient.builder().exchangeFunction(request -> {
                if (request.method() == HttpMethod.PUT) {
                    renewedAt.add(time.now(TimeUnit.MILLISECONDS));
                }
                return Mono.just(ClientResponse.create(HttpStatus.OK).build());
            });
            NameServiceClient client = new NameServiceClient(answersAtOnce, List.of(first.address()), TIMEOUT);
            int ttlSeconds = 9;
            long cadence = ttlSeconds * 1000L / 3;

            Disposable renewals = client.keepRegistered(new Registration("router.dispotify", "n1", "127.0.0.1", 8081,
                    ttlSeconds));
            time.advanceTimeBy(Duration.ofSeconds(ttlSeconds * 4L));
            renewals.dispose();
            int renewalsMade = renewedAt.size();
            time.advanceTimeBy(Duration.ofSeconds(ttlSeconds * 2L));

            // At once, then every TTL/3: 0, 3 s, 6 s, ... 36 s.
            assertThat(renewedAt).hasSize(13);
            for (int i = 1; i < renewedAt.size(); i++) {
                assertThat(renewedAt.get(i) - renewedAt.get(i - 1)).as("gap before renewal %d", i).isEqualTo(cadence);
            }
            assertThat(renewedAt.get(0)).as("the first registration is immediate").isZero();
            assertThat(renewedAt).as("nothing after dispose").hasSize(renewalsMade);
        } finally {
            VirtualTimeScheduler.reset();
        }
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
