package org.dispotify.dns.system;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error of the name service's controllers as RFC 9457 problem+json, with the offending
 * fields named so a client can fix its request.
 */
@RestControllerAdvice(basePackages = "org.dispotify.dns")
class ProblemHandler extends ResponseEntityExceptionHandler {

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail problem = ex.getBody();
        problem.setTitle("Invalid record");
        List<Map<String, Object>> errors = ex.getFieldErrors().stream()
                .map(error -> Map.<String, Object>of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setDetail(errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                .sorted().reduce((a, b) -> a + "; " + b).orElse("Invalid request"));
        problem.setProperty("errors", errors);
        return super.handleWebExchangeBindException(ex, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail problem = ex.getBody();
        UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
        JacksonException json = cause(ex, JacksonException.class);
        if (unknown != null) {
            problem.setTitle("Unknown field");
            problem.setDetail("Unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + "name, nodeId, host, port, ttlSeconds");
        } else if (json != null) {
            problem.setTitle("Malformed JSON");
            problem.setDetail(json.getOriginalMessage());
        }
        return super.handleServerWebInputException(ex, headers, status, exchange);
    }

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
