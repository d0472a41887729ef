package org.dispotify.ring.membership;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link Directory} on the name service: members are the union of {@code data.dispotify} and {@code router.dispotify}. */
public final class NameServiceDirectory implements Directory {

    private static final Logger log = LoggerFactory.getLogger(NameServiceDirectory.class);

    private final NameServiceClient names;

    public NameServiceDirectory(NameServiceClient names) {
        this.names = names;
    }

    @Override
    public Mono<List<Peer>> members() {
        // A group that cannot be resolved counts as empty: the ring then works with what it already knows.
        return Flux.fromArray(Role.values())
                .flatMap(role -> names.resolve(role.groupName())
                        .onErrorResume(e -> {
                            log.debug("could not resolve {}: {}", role.groupName(), e.getMessage());
                            return Mono.just(List.of());
                        }))
                .flatMapIterable(list -> list)
                .collect(LinkedHashMap<String, Member>::new, (map, member) -> map.putIfAbsent(member.nodeId(), member))
                .map(NameServiceDirectory::peers);
    }

    @Override
    public Mono<Void> deregister(Role role, String nodeId) {
        return names.deregister(role.groupName(), nodeId);
    }

    private static List<Peer> peers(Map<String, Member> members) {
        return members.values().stream()
                .filter(m -> m.port() > 0 && m.port() < 65536 && m.host() != null && !m.host().isBlank())
                .map(m -> new Peer(m.nodeId(), m.host(), m.port()))
                .toList();
    }
}
