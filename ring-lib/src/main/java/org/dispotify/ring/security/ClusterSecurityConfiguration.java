package org.dispotify.ring.security;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The request signer when a cluster secret is configured; without one, no bean and no checks. Every
 * server that checks signatures also gets the request and idle timeouts of {@link ServerTimeouts}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSecurityProperties.class)
@Import(ServerTimeoutsConfiguration.class)
public class ClusterSecurityConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "dispotify.cluster", name = "secret")
    RequestSignature requestSignature(ClusterSecurityProperties properties) {
        return new RequestSignature(ClusterSecret.of(properties.secret()), Clock.systemUTC(), properties.window());
    }
}
