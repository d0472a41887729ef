package org.dispotify.node.harness.workload;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;

/**
 * Where a listener finds routers: {@code router.dispotify} from the name service, resolved afresh for
 * every operation, as a real client does; while the name service does not answer, the last good
 * answer (as ring-lib's client does).
 * <p>
 * Not a list cached for a while and two routers picked from it, as before: in issue 7's non-adjacent
 * double kill (a data node and a router), 3 of 492 uploads failed with "connection refused" on both
 * routers tried. The workload kept a resolution for up to 500 ms, the name service lists a killed
 * router until the ring's dead verdict removes it (about 1.3 s), and an operation tried at most two
 * routers of that list. Both attempts refused means both picks were dead processes, i.e. the list held
 * both victims: the killed router, and the killed data node under {@code router.dispotify}, which
 * happens when a node's registration under its old group outlives a role switch (a renewal PUT still
 * in flight when the node leaves the group re-creates the record, and the name service's health check
 * keeps renewing it: {@code NodeRegistration} now deletes the old record again after a switch). With
 * three routers listed, two of them dead, two picks both hit a dead one a third of the time. Now every
 * listed router is tried, the list is resolved again when it runs out, and a refused connection costs
 * no retry (it certainly did nothing).
 */
final class Routers {

    private final Supplier<List<String>> nameService;
    private final Function<String, Optional<URI>> address;
    private List<String> lastGood = List.of();

    /**
     * @param nameService the ids {@code router.dispotify} resolves to now, or null when the name service did not answer
     * @param address     a node's base URI, empty for a node that is not ours to call
     */
    Routers(Supplier<List<String>> nameService, Function<String, Optional<URI>> address) {
        this.nameService = nameService;
        this.address = address;
    }

    /** The routers of {@code cluster}'s name service. */
    static Routers of(Cluster cluster) {
        return new Routers(() -> {
            try {
                return cluster.nameService().resolve("router.dispotify");
            } catch (IllegalStateException e) {
                return null; // no name service started
            }
        }, id -> {
            try {
                Node node = cluster.node(id);
                return Optional.of(node.uri("/"));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a member the name service lists but this cluster did not start
            }
        });
    }

    /** The routers the name service lists now, shuffled (the last good answer if it does not answer); may be empty. */
    List<Pick> resolve() {
        List<String> ids = nameService.get();
        List<String> listed;
        synchronized (this) {
            if (ids != null && !ids.isEmpty()) {
                lastGood = List.copyOf(ids);
            }
            listed = new ArrayList<>(lastGood);
        }
        Collections.shuffle(listed, ThreadLocalRandom.current());
        List<Pick> picks = new ArrayList<>();
        for (String id : listed) {
            address.apply(id).ifPresent(uri -> picks.add(new Pick(id, uri)));
        }
        return picks;
    }

    record Pick(String id, URI uri) {
    }
}
