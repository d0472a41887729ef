package org.dispotify.data.replication;

import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.security.ClusterAuthenticationFilter;
import org.dispotify.ring.security.ClusterSecurityConfiguration;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.view.RingView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The data node directory: the ring's view when the node runs a ring, else the name service (see
 * {@link AutoDataNodeDirectory}). A context that defines its own {@link DataNodeDirectory} as
 * {@code @Primary} (the in-JVM cluster tests do) uses that one instead.
 */
@Configuration(proxyBeanMethods = false)
@Import(ClusterSecurityConfiguration.class)
class ReplicationConfiguration {

    /** With a cluster secret, only members may copy, compare or fetch songs through the replication API. */
    @Bean
    @ConditionalOnProperty(prefix = "dispotify.cluster", name = "secret")
    ClusterAuthenticationFilter replicationNeedsClusterAuth(RequestSignature signature) {
        return new ClusterAuthenticationFilter(signature,
                request -> request.getPath().value().startsWith(ReplicaClient.BASE + "/")
                        || request.getPath().value().equals(ReplicaClient.BASE));
    }

    @Bean
    DataNodeDirectory dataNodeDirectory(ObjectProvider<RingView> ring, ObjectProvider<NameServiceClient> names,
                                        ReplicationProperties properties) {
        return new AutoDataNodeDirectory(ring, names, properties);
    }
}
