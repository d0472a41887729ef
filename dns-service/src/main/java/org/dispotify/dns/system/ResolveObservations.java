package org.dispotify.dns.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/**
 * Leaves resolutions out of Spring's per-request HTTP observation: they are the name service's hot
 * path (every listener and node asks), and {@link NameServiceMetrics} counts them already.
 */
@Configuration(proxyBeanMethods = false)
class ResolveObservations {

    @Bean
    ObservationPredicate resolvesAreNotObservedPerRequest() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request)
                || !request.getCarrier().getPath().value().startsWith("/api/resolve/");
    }
}
