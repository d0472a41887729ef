package org.dispotify.ring.naming;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Client of one or more name services. Registrations go to every name server, so any of them can
 * answer; resolutions come from the first server that answers, in the configured order. While no
 * name server answers, the last good answer for a name is served and logged as stale: a node
 * keeps working through a name-service outage instead of losing its view of the groups.
 */
public final class NameServiceClient {

    private static final Logger log = LoggerFactory.getLogger(NameServiceClient.class);

    private final WebClient http;
    private final List<NameServer> servers;
    private final Duration callTimeout;
    private final Map<String, List<Member>> lastGood = new ConcurrentHashMap<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();

    public NameServiceClient(WebClient.Builder builder, List<NameServer> servers, Duration callTimeout) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server is needed");
        }
        this.http = builder.build();
        this.servers = List.copyOf(servers);
        this.callTimeout = callTimeout;
    }

    public List<NameServer> servers() {
        return servers;
    }

    /**
     * The live members of {@code name}, shuffled by the name service; empty when the name has
     * none. Fails with {@link NameServiceUnavailableException} only when no name server answers
     * and the name was never resolved before.
     */
    public Mono<List<Member>> resolve(String name) {
        return Flux.fromIterable(servers)
                .concatMap(server -> resolveAt(server, name)
                        .onErrorResume(e -> {
                            log.debug("name server {} did not resolve {}: {}", server, name, describe(e));
                            return Mono.empty();
                        }), 1)
                .next()
                .map(members -> fresh(name, members))
                .switchIfEmpty(Mono.defer(() -> fallBack(name)));
    }

    /** Registers (or renews) the record with every name server; succeeds if at least one accepted it. */
    public Mono<Void> register(Registration registration) {
        return Flux.fromIterable(servers)
                .flatMap(server -> put(server, registration)
                        .thenReturn(server)
                        .onErrorResume(e -> {
                            log.debug("name server {} did not take {} for {}: {}", server,
                                    registration.name(), registration.nodeId(), describe(e));
                            return Mono.empty();
                        }))
                .count()
                .flatMap(accepted -> accepted > 0 ? Mono.<Void>empty()
                        : Mono.error(new NameServiceUnavailableException(
                                "no name server of " + servers + " accepted " + registration.name(), null)));
    }

    /**
     * Registers now and renews every TTL/3, forever, until the returned handle is disposed. A
     * failed renewal is logged and tried again at the next tick; because a renewal is a full
     * registration, a restarted name service learns the record again within TTL/3.
     */
    public Disposable keepRegistered(Registration registration) {
        Duration period = Duration.ofMillis(Math.max(200, registration.ttlSeconds() * 1000L / 3));
        return Flux.interval(Duration.ZERO, period)
                .onBackpressureDrop()
                .concatMap(tick -> register(registration)
                        .doOnError(e -> log.warn("could not renew {} for {}: {}", registration.name(),
                                registration.nodeId(), e.getMessage()))
                        .onErrorComplete(), 1)
                .subscribe();
    }

    /** Removes the record from every name server; an absent record is not an error. */
    public Mono<Void> deregister(String name, String nodeId) {
        return Flux.fromIterable(servers)
                .flatMap(server -> http.delete()
                        .uri(server.baseUri() + "/api/records/{name}/{nodeId}", name, nodeId)
                        .retrieve()
                        .toBodilessEntity()
                        .timeout(callTimeout)
                        .then()
                        .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty())
                        .onErrorResume(e -> {
                            log.debug("name server {} did not delete {} {}: {}", server, name, nodeId, describe(e));
                            return Mono.empty();
                        }))
                .then();
    }

    private Mono<List<Member>> resolveAt(NameServer server, String name) {
        return http.get()
                .uri(server.baseUri() + "/api/resolve/{name}", name)
                .retrieve()
                .bodyToFlux(Member.class)
                .collectList()
                .timeout(callTimeout)
                .onErrorResume(WebClientResponseException.class,
                        e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.just(List.of()) : Mono.error(e))
                .retryWhen(idempotentRetry());
    }

    private Mono<Void> put(NameServer server, Registration registration) {
        return http.put()
                .uri(server.baseUri() + "/api/records")
                .bodyValue(registration)
                .retrieve()
                .toBodilessEntity()
                .timeout(callTimeout)
                .retryWhen(idempotentRetry())
                .then();
    }

    /** Resolve and register are idempotent: a short, jittered retry before moving to the next server. */
    private static Retry idempotentRetry() {
        return Retry.backoff(1, Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .jitter(0.5)
                .filter(e -> !(e instanceof WebClientResponseException r) || r.getStatusCode().is5xxServerError())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private List<Member> fresh(String name, List<Member> members) {
        lastGood.put(name, members);
        if (stale.remove(name)) {
            log.info("name service answers again for {}", name);
        }
        return members;
    }

    private Mono<List<Member>> fallBack(String name) {
        List<Member> previous = lastGood.get(name);
        if (previous == null) {
            return Mono.error(new NameServiceUnavailableException(
                    "no name server of " + servers + " answered for " + name, null));
        }
        if (stale.add(name)) {
            log.warn("no name server of {} answers; serving the last known members of {} (stale): {}",
                    servers, name, previous.stream().map(Member::nodeId).toList());
        }
        return Mono.just(previous);
    }

    private static String describe(Throwable e) {
        return e instanceof TimeoutException ? "timed out" : e.toString();
    }
}
