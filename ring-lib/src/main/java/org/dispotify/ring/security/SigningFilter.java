package org.dispotify.ring.security;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/** Signs every request a cluster-internal {@code WebClient} sends (a fresh nonce per attempt, so retries are not replays). */
public final class SigningFilter implements ExchangeFilterFunction {

    private final RequestSignature signature;

    public SigningFilter(RequestSignature signature) {
        this.signature = signature;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> next.exchange(ClientRequest.from(request)
                .header(RequestSignature.HEADER, signature.sign(request.method().name(),
                        ClusterAuthenticationFilter.pathAndQuery(request.url())))
                .build()));
    }
}
