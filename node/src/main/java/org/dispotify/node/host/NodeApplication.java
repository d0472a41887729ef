package org.dispotify.node.host;

import org.dispotify.ring.node.NodeProperties;
import org.dispotify.data.DataRoleConfiguration;
import org.dispotify.ring.config.RingConfiguration;
import org.dispotify.ring.naming.NamingConfiguration;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.router.RouterRoleConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A data or router node. Both role modules are loaded in every node so the ring can switch a node's
 * role at runtime without a restart; {@link RoleGate} lets only the active role's endpoints answer.
 */
@SpringBootApplication
@EnableConfigurationProperties({NodeProperties.class, RoleSwitchProperties.class})
@Import({NamingConfiguration.class, RingConfiguration.class, DataRoleConfiguration.class, RouterRoleConfiguration.class})
public class NodeApplication {

    @Bean
    CurrentRole currentRole(NodeProperties node) {
        return new CurrentRole(node.role(), node.pinned());
    }
}
