package org.dispotify.ring.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret the shared cluster secret ({@code DISPOTIFY_CLUSTER_SECRET}); empty means an open,
 *               local-only cluster
 * @param window how far a signature's timestamp may be from this node's clock; also how long nonces
 *               are remembered (twice this)
 */
@ConfigurationProperties("dispotify.cluster")
public record ClusterSecurityProperties(String secret, @DefaultValue("60s") Duration window) {

    public boolean enabled() {
        return secret != null && !secret.isBlank();
    }
}
