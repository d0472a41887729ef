package org.dispotify.node.cli;

import java.time.Duration;
import java.util.List;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.naming.NameServiceUnavailableException;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Picks an auto-role node's starting role from the live counts in the name service. */
final class AutoRole {

    private static final Logger log = LoggerFactory.getLogger(AutoRole.class);

    private AutoRole() {
    }

    /** Waits up to {@code patience} for a name server to answer; fails with a clear message if none does. */
    static Role choose(NameServiceClient names, Duration patience) {
        try {
            Role role = Mono.zip(names.resolve(Role.DATA.groupName()), names.resolve(Role.ROUTER.groupName()))
                    .map(counts -> decide(counts.getT1(), counts.getT2()))
                    .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(500))
                            .filter(NameServiceUnavailableException.class::isInstance))
                    .timeout(patience)
                    .block();
            return role;
        } catch (RuntimeException e) {
            throw new CliException("no name server of " + names.servers() + " answered within "
                    + patience.toSeconds() + " s; start one with `dispotify dns` or pass --role data|router");
        }
    }

    private static Role decide(List<Member> data, List<Member> routers) {
        Role role = RoleRatio.roleForNewcomer(data.size(), routers.size());
        log.info("auto role: {} data and {} routers live, joining as {}", data.size(), routers.size(), role.label());
        return role;
    }
}
