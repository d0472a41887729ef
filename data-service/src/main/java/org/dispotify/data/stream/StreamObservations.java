package org.dispotify.data.stream;

import io.micrometer.observation.ObservationPredicate;
import org.dispotify.data.system.DataProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Leaves audio and chunk requests out of Spring's per-request observation unless
 * {@code dispotify.data.observe-streams} is set: they are the node's hottest path, and
 * {@link StreamMetrics} already counts them.
 */
@Configuration(proxyBeanMethods = false)
class StreamObservations {

    @Bean
    ObservationPredicate dataStreamObservations(DataProperties properties) {
        return (name, context) -> properties.observeStreams()
                || !(context instanceof ServerRequestObservationContext request)
                || !isStream(request.getCarrier().getPath().value());
    }

    static boolean isStream(String path) {
        return path.startsWith("/data/songs/")
                && (path.endsWith("/audio") || path.contains("/chunks/") || path.endsWith("/chunk"));
    }
}
