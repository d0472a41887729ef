package org.dispotify.data.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data nodes a placement decision counts, and the replication factor: who owns which song. One
 * instance per decision (a sync round, an upload), so owners are computed once per song and cached.
 */
final class Membership {

    private final Map<String, DataNode> nodes;
    private final int factor;
    private final Map<String, List<String>> owners = new ConcurrentHashMap<>();

    Membership(Collection<DataNode> nodes, int factor) {
        Map<String, DataNode> byId = new LinkedHashMap<>();
        nodes.stream().sorted(Comparator.comparing(DataNode::id)).forEach(node -> byId.putIfAbsent(node.id(), node));
        this.nodes = byId;
        this.factor = factor;
    }

    /** The directory's nodes with this node added (it is a data node) or removed (it is not). */
    static Membership of(List<DataNode> live, DataNode self, boolean selfIsData, int factor) {
        List<DataNode> nodes = new ArrayList<>(live.stream().filter(n -> !n.id().equals(self.id())).toList());
        if (selfIsData) {
            nodes.add(self);
        }
        return new Membership(nodes, factor);
    }

    /** A member list that came in a request: ids only, nobody to call. */
    static Membership ofIds(Collection<String> ids, int factor) {
        return new Membership(ids.stream().map(id -> new DataNode(id, "")).toList(), factor);
    }

    Set<String> ids() {
        return new TreeSet<>(nodes.keySet());
    }

    Collection<DataNode> nodes() {
        return nodes.values();
    }

    Optional<DataNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    int factor() {
        return factor;
    }

    /** How many copies a song needs now: the factor, or every node if fewer are live. */
    int needed() {
        return Math.min(factor, nodes.size());
    }

    List<String> owners(String songId) {
        return owners.computeIfAbsent(songId, id -> Placement.owners(id, nodes.keySet(), factor));
    }

    boolean owns(String nodeId, String songId) {
        return owners(songId).contains(nodeId);
    }

    List<String> rank(String songId) {
        return Placement.rank(songId, nodes.keySet());
    }

    /** The member list as it travels in a query string: sorted ids, comma-separated. */
    String key() {
        return String.join(",", nodes.keySet());
    }
}
