package org.dispotify.ring.naming;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The name-service client for a node process; import it where a node needs to register or resolve. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NamingProperties.class)
public class NamingConfiguration {

    @Bean
    NameServiceClient nameServiceClient(WebClient.Builder builder, NamingProperties properties) {
        return new NameServiceClient(builder, properties.nameServers(), properties.timeout());
    }
}
