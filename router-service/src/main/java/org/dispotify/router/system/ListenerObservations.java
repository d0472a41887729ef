package org.dispotify.router.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/**
 * Leaves listeners' reads of the catalog (pages, searches, providers, stream redirects) out of
 * Spring's per-request HTTP observation: they are the router's hot path and answered from memory,
 * where the observation would cost more than the answer (the name service measured it as most of
 * a resolve's cost). Uploads and cluster calls stay observed.
 */
@Configuration(proxyBeanMethods = false)
class ListenerObservations {

    @Bean
    ObservationPredicate catalogReadsAreNotObservedPerRequest() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request)
                || request.getCarrier().getMethod() != HttpMethod.GET
                || !request.getCarrier().getPath().value().startsWith("/api/songs");
    }
}
