package org.dispotify.dns.system;

import tools.jackson.databind.DeserializationFeature;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Strict JSON for this application context only: a record with a field the service does not
 * know (a typo such as {@code ttl}) is refused rather than silently registered with defaults.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE) // after Boot's own customizer, which relaxes this feature
    JsonMapperBuilderCustomizer strictNameServiceJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
