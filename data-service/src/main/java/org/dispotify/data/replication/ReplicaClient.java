package org.dispotify.data.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import org.dispotify.data.store.SongManifest;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.security.SigningFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Calls from this data node to another one's {@code /data/replication} endpoints. Every call has a
 * timeout; all of them are idempotent (reads, and "copy song X", whose result is the same bytes
 * however often it runs), so each is retried twice with jittered backoff on timeouts, connection
 * failures and 5xx, never on 4xx.
 */
@Component
class ReplicaClient {

    static final String BASE = "/data/replication";
    private static final int HOLDINGS_BATCH = 1000;
    private static final int ID_PAGE = 1000;

    private final WebClient http;
    private final Duration timeout;
    private final Duration pullTimeout;

    ReplicaClient(ReplicationProperties properties, ObjectProvider<RequestSignature> signature) {
        HttpClient client = HttpClient.create(ConnectionProvider.builder("dispotify-replication")
                        .maxConnections(64).pendingAcquireTimeout(properties.callTimeout())
                        .maxIdleTime(Duration.ofSeconds(30)).build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(properties.callTimeout().toMillis(), 2000));
        WebClient.Builder builder = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(client))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024));
        // Replication endpoints take only members' signed calls (a fresh nonce per attempt, so retries are not replays).
        signature.ifAvailable(s -> builder.filter(new SigningFilter(s)));
        this.http = builder.build();
        this.timeout = properties.callTimeout();
        this.pullTimeout = properties.pullTimeout();
    }

    Mono<SongManifest> manifest(String from, String id) {
        return http.get().uri(from + BASE + "/songs/{id}/manifest", id)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(SongManifest.class)
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    /** One chunk's bytes, at most {@code length} of them (a longer body fails: the manifest said otherwise). */
    Mono<byte[]> chunk(String from, String id, int index, long length) {
        return Mono.defer(() -> DataBufferUtils.join(http.get().uri(from + BASE + "/songs/{id}/chunks/{index}", id, index)
                                .retrieve()
                                .bodyToFlux(DataBuffer.class), (int) Math.min(Integer.MAX_VALUE - 8, length))
                        .map(buffer -> {
                            try {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                return bytes;
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                        .defaultIfEmpty(new byte[0]))
                .timeout(timeout.plus(Duration.ofMillis(length / 1000)))
                .retryWhen(idempotent());
    }

    /** A cover's bytes by their hash, at most the cover size limit (the caller checks the hash). */
    Mono<byte[]> cover(String from, String sha256) {
        int limit = org.dispotify.imaging.ImageLimits.COVERS.maxBytes();
        return Mono.defer(() -> DataBufferUtils.join(http.get().uri(from + BASE + "/covers/{sha}", sha256)
                                .retrieve()
                                .bodyToFlux(DataBuffer.class), limit)
                        .map(buffer -> {
                            try {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                return bytes;
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                        .defaultIfEmpty(new byte[0]))
                .timeout(timeout.plus(Duration.ofMillis(limit / 1000)))
                .retryWhen(idempotent());
    }

    /**
     * Asks {@code to} to copy song {@code id} from {@code from}; completes once {@code to} has committed it.
     * An upload passes its own timeout and no retries: it moves on to the next node instead.
     */
    Mono<Pulled> replicate(DataNode to, String id, String from, boolean background, Duration limit, int retries) {
        String uri = UriComponentsBuilder.fromUriString(to.url() + BASE + "/songs/{id}")
                .queryParam("from", from)
                .queryParam("background", background)
                .buildAndExpand(id).toUriString();
        return http.post().uri(uri)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(Pulled.class)
                .timeout(limit)
                .retryWhen(idempotent(retries));
    }

    /** Every id {@code peer} holds that {@code owner} owns under {@code members} (all its ids if owner is null). */
    Flux<String> ids(DataNode peer, String owner, Membership members) {
        return page(peer, owner, members, null)
                .expand(page -> page.next() == null ? Mono.empty() : page(peer, owner, members, page.next()))
                .take(10_000_000L / ID_PAGE)
                .concatMapIterable(IdPage::ids);
    }

    private Mono<IdPage> page(DataNode peer, String owner, Membership members, String after) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(peer.url() + BASE + "/ids")
                .queryParam("members", members.key())
                .queryParam("limit", ID_PAGE);
        if (owner != null) {
            uri.queryParam("owner", owner);
        }
        if (after != null) {
            uri.queryParam("after", after);
        }
        return http.get().uri(uri.build().toUriString())
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(IdPage.class)
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    /** The digest of the ids {@code peer} holds that both {@code a} and {@code b} own under {@code members}. */
    Mono<Digest> digest(DataNode peer, String a, String b, Membership members) {
        String uri = UriComponentsBuilder.fromUriString(peer.url() + BASE + "/digest")
                .queryParam("a", a).queryParam("b", b).queryParam("members", members.key())
                .build().toUriString();
        return http.get().uri(uri)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(Digest.class)
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    /** Which of {@code ids} {@code peer} holds complete. */
    Mono<Set<String>> holdings(DataNode peer, Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += HOLDINGS_BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + HOLDINGS_BATCH)));
        }
        return Flux.fromIterable(batches)
                .concatMap(batch -> http.post().uri(peer.url() + BASE + "/holdings")
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .bodyValue(new Holdings(batch))
                        .retrieve()
                        .bodyToMono(Holdings.class)
                        .timeout(timeout)
                        .retryWhen(idempotent()))
                .collect(HashSet::new, (held, answer) -> held.addAll(answer.ids()));
    }

    Duration pullTimeout() {
        return pullTimeout;
    }

    private static Retry idempotent() {
        return idempotent(2);
    }

    private static Retry idempotent(int retries) {
        return Retry.backoff(retries, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))
                .jitter(0.5)
                .filter(ReplicaClient::transientFailure)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private static boolean transientFailure(Throwable e) {
        if (e instanceof DataBufferLimitException) {
            return false;
        }
        return !(e instanceof WebClientResponseException response) || response.getStatusCode().is5xxServerError();
    }

    static String describe(Throwable e) {
        return e instanceof TimeoutException ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
