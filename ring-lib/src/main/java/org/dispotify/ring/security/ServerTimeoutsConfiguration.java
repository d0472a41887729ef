package org.dispotify.ring.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request and idle timeouts for every Dispotify HTTP server (imported with the cluster security). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerTimeouts.class)
public class ServerTimeoutsConfiguration {

    @Bean
    ServerTimeoutsCustomizer serverTimeoutsCustomizer(ServerTimeouts timeouts) {
        return new ServerTimeoutsCustomizer(timeouts);
    }
}
