package org.dispotify.ring.http;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * problem+json for the errors Spring raises before any controller is chosen: no route (404), a
 * method or media type no handler takes (405, 415), an unreadable request. Controller advice never
 * sees those, and Boot's fallback would answer them with its own JSON. Only paths under
 * {@code prefix} are answered here, so each role module keeps to its own endpoints.
 */
public final class ProblemErrorHandler implements WebExceptionHandler, Ordered {

    private final String prefix;

    public ProblemErrorHandler(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public int getOrder() {
        // Before Boot's ErrorWebExceptionHandler (-1).
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (!(ex instanceof ErrorResponse error) || exchange.getResponse().isCommitted()
                || !exchange.getRequest().getPath().value().startsWith(prefix)
                || HttpStatus.resolve(error.getStatusCode().value()) == null) {
            return Mono.error(ex);
        }
        ProblemDetail problem = error.getBody();
        exchange.getResponse().getHeaders().addAll(error.getHeaders());
        return ProblemResponses.write(exchange, problem);
    }
}
