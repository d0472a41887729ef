package org.dispotify.data.docs;

import org.dispotify.ring.security.ClusterAuthenticationFilter;
import org.dispotify.ring.security.RequestSignature;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DocsConfiguration {

    /** With a cluster secret, only members read or write documents: they hold every user's personal state. */
    @Bean
    @ConditionalOnProperty(prefix = "dispotify.cluster", name = "secret")
    ClusterAuthenticationFilter documentsNeedClusterAuth(RequestSignature signature) {
        return new ClusterAuthenticationFilter(signature,
                request -> request.getPath().value().startsWith(DocController.BASE + "/")
                        || request.getPath().value().equals(DocController.BASE));
    }
}
