package org.dispotify.ring.naming;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the name services are and how this node talks to them.
 *
 * @param servers    name servers as {@code host:port}, tried in this order for resolution
 * @param timeout    per-call timeout; a name server slower than this counts as down
 * @param ttlSeconds TTL of this node's own records (renewed every TTL/3)
 */
@ConfigurationProperties("dispotify.naming")
public record NamingProperties(
        @DefaultValue("127.0.0.1:8500") List<String> servers,
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("10") int ttlSeconds) {

    public List<NameServer> nameServers() {
        return servers.stream().map(NameServer::parse).toList();
    }
}
