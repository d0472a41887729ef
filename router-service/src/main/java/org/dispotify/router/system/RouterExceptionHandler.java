package org.dispotify.router.system;

import org.dispotify.router.RouterRoleConfiguration;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error of the router's controllers, Spring's own (bad parameters, wrong media
 * type) and ours, as problem+json. Scoped to the router's package so it does not change how the
 * data role, hosted in the same process, reports its errors.
 */
@RestControllerAdvice(basePackageClasses = RouterRoleConfiguration.class)
class RouterExceptionHandler extends ResponseEntityExceptionHandler {
}
