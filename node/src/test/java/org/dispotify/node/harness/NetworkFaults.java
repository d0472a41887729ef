package org.dispotify.node.harness;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Network faults between nodes: partitions, loss and delay, until {@link #heal()}.
 * <p>
 * Partitions and loss need an isolated cluster ({@link Cluster.Builder#isolated()}: a network
 * namespace per node on a bridge, see {@link Isolation}); they are nft rules in the bridge's table,
 * matched on the nodes' interfaces, so a partition drops every frame between the two sides (both ways)
 * and nothing else: the test JVM and the name service still reach every node, as a client outside the
 * split would. Loss drops a random share of every frame the node sends and of every frame sent to it.
 * Delay needs the node to be {@link Cluster.Builder#delayable delayable}: it is reached through a
 * {@link DelayProxy} (this kernel has no netem), which is why a delayable node cannot also be
 * partitioned (its traffic crosses the bridge to the proxy, not to the other node).
 */
public final class NetworkFaults {

    private final Cluster cluster;
    private final Isolation isolation;
    private final Map<String, DelayProxy> proxies;
    private final Set<String> active = new LinkedHashSet<>();

    NetworkFaults(Cluster cluster, Isolation isolation, Map<String, DelayProxy> proxies) {
        this.cluster = cluster;
        this.isolation = isolation;
        this.proxies = proxies;
    }

    /** Cuts all traffic between the two sides, both ways (frames already in flight are dropped too). */
    public synchronized void partition(Collection<String> sideA, Collection<String> sideB) {
        Isolation net = isolated("partition");
        if (sideA.isEmpty() || sideB.isEmpty() || sideA.stream().anyMatch(sideB::contains)) {
            throw new IllegalArgumentException("two non-empty, disjoint sides: " + sideA + " | " + sideB);
        }
        StringBuilder rules = new StringBuilder();
        for (String a : sideA) {
            for (String b : sideB) {
                for (String id : List.of(a, b)) {
                    if (proxies.containsKey(id)) {
                        throw new IllegalStateException(id + " is reached through a delay proxy; its traffic to "
                                + "other nodes does not cross the bridge between them, so it cannot be partitioned");
                    }
                }
                String va = net.existing(a).hostInterface();
                String vb = net.existing(b).hostInterface();
                rules.append(rule("between", "iifname \"" + va + "\" oifname \"" + vb + "\" drop"));
                rules.append(rule("between", "iifname \"" + vb + "\" oifname \"" + va + "\" drop"));
            }
        }
        net.nft(rules.toString());
        active.add("partition " + sideA + " | " + sideB);
    }

    /** Drops {@code percent} of the frames {@code nodeId} sends and of those sent to it, at random. */
    public synchronized void loss(String nodeId, double percent) {
        Isolation net = isolated("loss");
        if (!(percent > 0 && percent < 100)) {
            throw new IllegalArgumentException("loss must be between 0 and 100 %: " + percent);
        }
        String v = net.existing(nodeId).hostInterface();
        long perTenThousand = Math.round(percent * 100);
        String random = "numgen random mod 10000 < " + perTenThousand + " drop";
        net.nft(rule("sent", "iifname \"" + v + "\" " + random) + rule("received", "oifname \"" + v + "\" " + random));
        active.add(String.format(Locale.ROOT, "%.1f %% loss on %s", percent, nodeId));
    }

    /** Delays everything sent to and by {@code nodeId} on its connections by {@code delay ± jitter} (uniform). */
    public synchronized void delay(String nodeId, Duration delay, Duration jitter) {
        DelayProxy proxy = proxies.get(nodeId);
        if (proxy == null) {
            throw new IllegalStateException(nodeId + " is not delayable: build the cluster with .delayable(\"" + nodeId
                    + "\") so that the node is reached through a delay proxy from its start");
        }
        proxy.delay(delay, jitter);
        active.add(delay.toMillis() + " ± " + jitter.toMillis() + " ms delay on " + nodeId);
    }

    /** Removes every network fault. */
    public synchronized void heal() {
        if (isolation != null) {
            String table = isolation.table();
            isolation.nft("flush chain bridge " + table + " between\nflush chain bridge " + table + " sent\n"
                    + "flush chain bridge " + table + " received\n");
        }
        proxies.values().forEach(DelayProxy::clear);
        active.clear();
    }

    /** The faults in force, for a report. */
    public synchronized List<String> active() {
        return List.copyOf(active);
    }

    /** The nft rules in force now ({@code nft list table}), for a failure report. */
    public String rules() {
        return isolation == null ? "(not isolated)" : Commands.tryRun("nft", "list", "table", "bridge", isolation.table()).output();
    }

    private String rule(String chain, String rule) {
        return "add rule bridge " + isolation.table() + " " + chain + " " + rule + "\n";
    }

    private Isolation isolated(String fault) {
        if (isolation == null) {
            throw new IllegalStateException(fault + " needs an isolated cluster (Cluster.Builder.isolated(): a network "
                    + "namespace per node); " + cluster.dir() + " runs on loopback");
        }
        return isolation;
    }
}
