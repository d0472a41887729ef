package org.dispotify.ring.node;

import org.dispotify.ring.roles.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who this node is: its id, the address it advertises, and the role it starts in.
 *
 * @param id     the node id, a DNS label ({@code <id>.node.dispotify})
 * @param host   the address other nodes and listeners reach this node at
 * @param port   the HTTP port (the same as {@code server.port})
 * @param role   the role to start in
 * @param pinned whether the role was given on the command line (pinned roles never switch)
 */
@ConfigurationProperties("dispotify.node")
public record NodeProperties(
        String id,
        @DefaultValue("127.0.0.1") String host,
        int port,
        Role role,
        @DefaultValue("false") boolean pinned) {
}
