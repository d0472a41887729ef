package org.dispotify.node.harness;

import java.time.Duration;

/**
 * Network faults between nodes: partitions, delay, loss.
 * <p>
 * TODO(issue 7): not implemented yet. The plan: nodes on 127.0.x.y cannot be partitioned without
 * iptables/nft (not installed on the CI image; `tc` and `ip` are), and `tc netem` on {@code lo}
 * would slow every loopback user on the machine. So issue 7 moves each node into its own network
 * namespace ({@code ip netns add}, a veth pair to a bridge the harness creates), starts the JVM with
 * {@code ip netns exec}, and then: partition = {@code ip link set <veth> down} (or nft rules inside
 * the namespaces), delay/loss = {@code tc qdisc add dev <veth> root netem delay 50ms 20ms loss 5%}.
 * Every namespace, link and qdisc made is recorded and removed by {@link Cluster#close()}.
 * Until then every method throws, so no test can silently pass without the fault it asked for.
 */
public final class NetworkFaults {

    private final Cluster cluster;

    NetworkFaults(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Cuts all traffic between the two sides, both ways. */
    public void partition(java.util.Collection<String> sideA, java.util.Collection<String> sideB) {
        throw todo("partition " + sideA + " | " + sideB);
    }

    /** Adds delay with jitter to everything {@code nodeId} sends. */
    public void delay(String nodeId, Duration delay, Duration jitter) {
        throw todo("delay " + nodeId);
    }

    /** Drops {@code percent} of the packets {@code nodeId} sends. */
    public void loss(String nodeId, double percent) {
        throw todo("loss " + nodeId);
    }

    /** Removes every network fault. */
    public void heal() {
        throw todo("heal");
    }

    private UnsupportedOperationException todo(String what) {
        return new UnsupportedOperationException("network faults need network namespaces (issue 7); not yet: " + what
                + " in cluster " + cluster.dir());
    }
}
