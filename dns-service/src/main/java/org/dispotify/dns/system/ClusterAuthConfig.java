package org.dispotify.dns.system;

import org.dispotify.ring.security.ClusterAuthenticationFilter;
import org.dispotify.ring.security.ClusterSecurityConfiguration;
import org.dispotify.ring.security.RequestSignature;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;

/**
 * With a cluster secret, only members may write records (register, renew, delete): anyone else
 * could point listeners at a node of their own. Reads (resolve, list) stay open, as DNS is.
 */
@Configuration(proxyBeanMethods = false)
@Import(ClusterSecurityConfiguration.class)
class ClusterAuthConfig {

    @Bean
    @ConditionalOnProperty(prefix = "dispotify.cluster", name = "secret")
    ClusterAuthenticationFilter recordWritesNeedClusterAuth(RequestSignature signature) {
        return new ClusterAuthenticationFilter(signature, request ->
                (request.getMethod() == HttpMethod.PUT || request.getMethod() == HttpMethod.DELETE)
                        && request.getPath().value().startsWith("/api/records"));
    }
}
