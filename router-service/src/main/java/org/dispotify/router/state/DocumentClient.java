package org.dispotify.router.state;

import java.time.Duration;
import java.util.Optional;

import io.netty.channel.ChannelOption;
import org.dispotify.crdt.Document;
import org.dispotify.ring.naming.Member;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.security.SigningFilter;
import org.dispotify.router.RouterProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Calls to a data node's {@code /data/docs}, signed as a member, each with a timeout. */
@Component
class DocumentClient {

    private static final String BASE = "/data/docs";

    /** What a data node answers: the document it now holds. */
    record Held(String key, String digest, Document doc) {
    }

    private final WebClient http;

    DocumentClient(WebClient.Builder builder, RouterProperties router, ObjectProvider<RequestSignature> signature) {
        HttpClient netty = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) router.connectTimeout().toMillis());
        WebClient.Builder own = builder.clone()
                .clientConnector(new ReactorClientHttpConnector(netty))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(2 * 1024 * 1024));
        signature.ifAvailable(s -> own.filter(new SigningFilter(s)));
        this.http = own.build();
    }

    /** The node's copy; empty when it holds none. */
    Mono<Optional<Document>> get(Member node, String key, Duration timeout) {
        return http.get().uri(url(node) + BASE + "/{key}", key)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(Held.class)
                .map(held -> Optional.of(held.doc()))
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(Optional.empty()))
                .timeout(timeout);
    }

    /** Merges {@code delta} into the node's copy; the answer (once durable there) is what it then holds. */
    Mono<Document> merge(Member node, String key, Document delta, Duration timeout) {
        return http.put().uri(url(node) + BASE + "/{key}", key)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(delta)
                .retrieve()
                .bodyToMono(Held.class)
                .map(Held::doc)
                .timeout(timeout);
    }

    private static String url(Member node) {
        return "http://" + node.host() + ":" + node.port();
    }
}
