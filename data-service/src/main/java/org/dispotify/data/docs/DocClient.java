package org.dispotify.data.docs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.dispotify.crdt.Document;
import org.dispotify.data.replication.DataNode;
import org.dispotify.data.replication.ReplicationProperties;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.security.SigningFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Calls from this data node to another's {@code /data/docs}. Each has a timeout, and each is idempotent
 * (reads, and a merge, whose result is the same however often it is sent), so each is retried twice on
 * timeouts, refused connections and 5xx, never on 4xx.
 */
@Component
class DocClient {

    private static final int PAGE = DocController.MAX_PAGE;
    private static final int MAX_PAGES = 10_000;

    private final WebClient http;
    private final Duration timeout;

    DocClient(ReplicationProperties properties, ObjectProvider<RequestSignature> signature) {
        HttpClient client = HttpClient.create(ConnectionProvider.builder("dispotify-docs")
                        .maxConnections(16).pendingAcquireTimeout(properties.callTimeout())
                        .maxIdleTime(Duration.ofSeconds(30)).build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(properties.callTimeout().toMillis(), 2000));
        WebClient.Builder builder = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(client))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(2 * DocController.MAX_BODY_BYTES));
        signature.ifAvailable(s -> builder.filter(new SigningFilter(s)));
        this.http = builder.build();
        this.timeout = properties.callTimeout();
    }

    /** Every key and digest the node holds, page by page. */
    Mono<List<DocDigest>> digests(DataNode node) {
        List<DocDigest> all = new ArrayList<>();
        return page(node, null)
                .expand(page -> page.next() == null || all.size() > PAGE * MAX_PAGES ? Mono.empty() : page(node, page.next()))
                .doOnNext(page -> all.addAll(page.items()))
                .then(Mono.fromSupplier(() -> all));
    }

    private Mono<DocController.DocPage> page(DataNode node, String after) {
        return http.get().uri(node.url() + DocController.BASE + "?limit={limit}" + (after == null ? "" : "&after={after}"),
                        after == null ? new Object[] {PAGE} : new Object[] {PAGE, after})
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(DocController.DocPage.class)
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    /** The node's copy of a document; empty when it holds none. */
    Mono<DocController.DocResponse> get(DataNode node, String key) {
        return http.get().uri(node.url() + DocController.BASE + "/{key}", key)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(DocController.DocResponse.class)
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty())
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    /** Sends {@code doc} to be merged into the node's copy; the answer is what the node then holds. */
    Mono<DocController.DocResponse> merge(DataNode node, String key, Document doc) {
        String body = DocJson.write(doc);
        return http.put().uri(node.url() + DocController.BASE + "/{key}", key)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .bodyToMono(DocController.DocResponse.class)
                .timeout(timeout)
                .retryWhen(idempotent());
    }

    private static Retry idempotent() {
        return Retry.backoff(2, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).jitter(0.5)
                .filter(e -> !(e instanceof WebClientResponseException response) || response.getStatusCode().is5xxServerError())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }
}
