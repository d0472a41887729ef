package org.dispotify.router.system;

import org.dispotify.router.RouterRoleConfiguration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Renders every error of the router's controllers, Spring's own (bad parameters, wrong media
 * type) and ours, as problem+json. Scoped to the router's package so it does not change how the
 * data role, hosted in the same process, reports its errors.
 */
@RestControllerAdvice(basePackageClasses = RouterRoleConfiguration.class)
class RouterExceptionHandler extends ResponseEntityExceptionHandler {

    /** Spring's multipart parser reads a part's Content-Type while the body streams in: the sender's fault. */
    @ExceptionHandler(InvalidMediaTypeException.class)
    Mono<ResponseEntity<Object>> badPartType(InvalidMediaTypeException e, ServerWebExchange exchange) {
        var problem = RouterProblems.badRequest("A part's Content-Type is not a media type: " + e.getMessage());
        return handleExceptionInternal(e, problem.getBody(), null, problem.getStatusCode(), exchange);
    }
}
