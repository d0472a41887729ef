package org.dispotify.data.replication;

import java.time.Duration;
import java.util.List;

import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * The name service's {@code data.dispotify} group, for a data node without a ring. It has no events:
 * the periodic sync notices changes by comparing member sets.
 */
final class NameServiceDataNodeDirectory implements DataNodeDirectory {

    private static final Logger log = LoggerFactory.getLogger(NameServiceDataNodeDirectory.class);

    private final NameServiceClient names;
    private final Duration timeout;

    NameServiceDataNodeDirectory(NameServiceClient names, Duration timeout) {
        this.names = names;
        this.timeout = timeout;
    }

    @Override
    public Mono<List<DataNode>> liveDataNodes() {
        return names.resolve(Role.DATA.groupName())
                .timeout(timeout)
                .map(members -> members.stream().map(m -> DataNode.of(m.nodeId(), m.host(), m.port())).toList())
                // Unknown membership fails: an upload must not be acknowledged as if this node were alone.
                .doOnError(e -> log.debug("could not resolve {}: {}", Role.DATA.groupName(), e.toString()));
    }
}
