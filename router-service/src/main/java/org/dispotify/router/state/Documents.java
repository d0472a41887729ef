package org.dispotify.router.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.dispotify.crdt.Document;
import org.dispotify.crdt.HybridClock;
import org.dispotify.crdt.Rendezvous;
import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Personal-state documents as a router reads and writes them. A document's owners are the first
 * {@code copies} live data nodes that rendezvous hashing ranks for its key (data nodes place and
 * replicate documents the same way). A read asks every owner and merges what they hold, so a write
 * that reached only one of them is seen. A write sends its change (a small document of new CRDT state,
 * stamped by this router's hybrid clock) to every owner and succeeds only once every one has merged it
 * durably: acknowledged is on all live owners. An owner that fails is asked again (a merge is idempotent)
 * until {@code write-within}; then the write fails with {@link StateUnavailableException}, and whatever
 * reached an owner still spreads by the data nodes' anti-entropy.
 */
@Component
@EnableConfigurationProperties(StateProperties.class)
public class Documents {

    private final NameServiceClient names;
    private final DocumentClient client;
    private final StateProperties properties;
    private final HybridClock clock;

    Documents(NameServiceClient names, DocumentClient client, StateProperties properties, Environment environment) {
        this.names = names;
        this.client = client;
        this.properties = properties;
        String node = environment.getProperty("dispotify.node.id", "router-" + UUID.randomUUID());
        this.clock = HybridClock.system(node);
    }

    /** Stamps for this router's writes. */
    public HybridClock clock() {
        return clock;
    }

    /**
     * The document as its live owners hold it, merged; the empty document if those that answer hold none.
     * One owner answering is enough (the other may be down); none answering fails with
     * {@link StateUnavailableException}, never an empty document the user would take for lost state.
     */
    public Mono<Document> read(String key) {
        return owners(key).flatMap(owners -> Flux.fromIterable(owners)
                .flatMap(owner -> client.get(owner, key, properties.callTimeout()).onErrorResume(e -> Mono.empty()))
                .collectList()
                .flatMap(answers -> answers.isEmpty()
                        ? Mono.error(new StateUnavailableException("no owner of " + key + " answered", null))
                        : Mono.just(answers.stream().flatMap(Optional::stream).reduce(Document.empty(), Document::merge)))
                .doOnNext(this::observe));
    }

    /** Merges {@code change} into the document on every live owner; the merged document once all hold it. */
    public Mono<Document> write(String key, Document change) {
        long deadline = System.nanoTime() + properties.writeWithin().toNanos();
        return owners(key).flatMap(owners -> Flux.fromIterable(owners)
                .flatMap(owner -> mergeInto(owner, key, change, deadline))
                .reduce(change, Document::merge)
                .doOnNext(this::observe));
    }

    private Mono<Document> mergeInto(Member owner, String key, Document change, long deadline) {
        return Mono.defer(() -> client.merge(owner, key, change, properties.callTimeout()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
                        .filter(e -> retryable(e) && System.nanoTime() < deadline)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(e -> !(e instanceof StateUnavailableException),
                        e -> new StateUnavailableException("data node " + owner.nodeId() + " did not store " + key + ": "
                                + e.getMessage(), e));
    }

    private Mono<List<Member>> owners(String key) {
        return names.resolve(Role.DATA.groupName())
                .onErrorResume(e -> Mono.just(List.of()))
                .flatMap(members -> {
                    if (members.isEmpty()) {
                        return Mono.error(new StateUnavailableException("no data node is live to hold " + key, null));
                    }
                    List<String> ranked = Rendezvous.owners(key, members.stream().map(Member::nodeId).toList(),
                            properties.copies());
                    return Mono.just(members.stream().filter(m -> ranked.contains(m.nodeId())).toList());
                });
    }

    private static boolean retryable(Throwable e) {
        return !(e instanceof WebClientResponseException response) || response.getStatusCode().is5xxServerError();
    }

    /** Later stamps than any this router read: its next edit of a field is ordered after what it saw. */
    private void observe(Document doc) {
        clock.observe(doc.latest());
    }
}
