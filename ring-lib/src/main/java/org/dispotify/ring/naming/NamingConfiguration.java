package org.dispotify.ring.naming;

import org.dispotify.ring.security.ClusterSecurityConfiguration;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.security.SigningFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The name-service client for a node process; import it where a node needs to register or resolve.
 * With a cluster secret configured, every request it sends is signed (name services refuse
 * unsigned writes).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NamingProperties.class)
@Import(ClusterSecurityConfiguration.class)
public class NamingConfiguration {

    @Bean
    NameServiceClient nameServiceClient(WebClient.Builder builder, NamingProperties properties,
            ObjectProvider<RequestSignature> signature) {
        WebClient.Builder own = builder.clone();
        signature.ifAvailable(s -> own.filter(new SigningFilter(s)));
        return new NameServiceClient(own, properties.nameServers(), properties.timeout());
    }
}
