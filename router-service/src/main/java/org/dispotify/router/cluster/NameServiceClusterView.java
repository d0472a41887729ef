package org.dispotify.router.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The cluster as the name service sees it: everyone registered in the data and router groups,
 * ALIVE (the name service resolves only members it believes live), with no ring links known.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class NameServiceClusterView implements ClusterView {

    private static final Logger log = LoggerFactory.getLogger(NameServiceClusterView.class);

    private final NameServiceClient names;

    NameServiceClusterView(NameServiceClient names) {
        this.names = names;
    }

    @Override
    public Mono<List<ClusterMember>> members() {
        return Mono.zip(group(Role.DATA), group(Role.ROUTER))
                .map(groups -> Stream.concat(groups.getT1().stream(), groups.getT2().stream())
                        .sorted(Comparator.comparing(ClusterMember::nodeId).thenComparing(ClusterMember::role))
                        .toList());
    }

    private Mono<List<ClusterMember>> group(Role role) {
        return names.resolve(role.groupName())
                .map(members -> members.stream().map(m -> member(m, role)).toList())
                .onErrorResume(e -> {
                    log.debug("could not resolve {}: {}", role.groupName(), e.toString());
                    return Mono.just(List.of());
                });
    }

    private static ClusterMember member(Member member, Role role) {
        return new ClusterMember(member.nodeId(), member.host(), member.port(), role.label(), "ALIVE", null, List.of());
    }
}
