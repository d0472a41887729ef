package org.dispotify.node.local;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.roles.Role;

/**
 * Where uploads go: the routers the name service knows (shuffled by it), and when no router is up,
 * straight to the data nodes.
 */
public final class UploadTargets implements Supplier<List<URI>> {

    private static final Duration RESOLVE_LIMIT = Duration.ofSeconds(5);
    private final NameServiceClient names;

    public UploadTargets(NameServiceClient names) {
        this.names = names;
    }

    @Override
    public List<URI> get() {
        List<URI> targets = new ArrayList<>();
        resolve(Role.ROUTER).forEach(router -> targets.add(URI.create(router.baseUrl() + "/api/songs")));
        if (targets.isEmpty()) {
            resolve(Role.DATA).forEach(data -> targets.add(URI.create(data.baseUrl() + "/data/songs")));
        }
        return targets;
    }

    private List<Member> resolve(Role role) {
        try {
            List<Member> members = names.resolve(role.groupName()).block(RESOLVE_LIMIT);
            return members == null ? List.of() : members;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
