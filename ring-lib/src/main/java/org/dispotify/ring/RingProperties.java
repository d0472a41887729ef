package org.dispotify.ring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ring timers and limits ({@code dispotify.ring.*}). Defaults detect a crashed process (its port
 * refuses connections) in two to three probe intervals (1-1.5 s), a silent member in about
 * probe-interval + suspicion-timeout (2.5-3 s), and tolerate a pause shorter than the suspicion timeout.
 *
 * @param probeInterval      how often a member probes its first successor
 * @param probeTimeout       how long a direct ping waits before indirect probes start (below the interval)
 * @param indirectProbes     how many other neighbours are asked to probe a silent successor
 * @param suspicionTimeout   how long a suspect has to refute before it is declared dead
 * @param successors         how many successors each member links to (and may skip to)
 * @param walkHopLimit       walks and imbalance messages are dropped after this many hops
 * @param hopTimeout         a walk hop's wait for a receipt, sent again every eighth of it: a member is skipped after
 *                           two (after one when this node suspects it)
 * @param joinTimeout        how long a newcomer waits for one contact before trying another
 * @param discoveryInterval  how often a member compares the ring with the name service (merges split rings), and
 *                           how soon after a change in its ring it does
 * @param discoveryIdleInterval the longest a member goes without comparing while its ring has not changed and the
 *                           name service listed nothing it does not hold live: listings space out to it, doubling
 * @param deadRetention      how long a dead member stays listed (as DEAD) before it is forgotten
 * @param connectTimeout     TCP connect plus WebSocket handshake timeout of a link
 * @param handoverTimeout    how long role handovers (e.g. copying songs) may take before a switch is abandoned
 * @param maxFrameBytes      the largest ring frame accepted or sent
 * @param walkSegment        the most members one segment of an alert walk visits: a longer ring is walked in
 *                           segments at once, so a walk takes about this many hops whatever the ring's size
 * @param joinSettle         how long after a member arrived (a join, a merge) a deficit waits before anyone switches:
 *                           nodes started together arrive over a few seconds, and a count taken before the last
 *                           of them arrived would switch a role that the whole ring does not need
 */
@ConfigurationProperties("dispotify.ring")
public record RingProperties(
        @DefaultValue("500ms") Duration probeInterval,
        @DefaultValue("300ms") Duration probeTimeout,
        @DefaultValue("2") int indirectProbes,
        @DefaultValue("2s") Duration suspicionTimeout,
        @DefaultValue("2") int successors,
        @DefaultValue("64") int walkHopLimit,
        @DefaultValue("1s") Duration hopTimeout,
        @DefaultValue("2s") Duration joinTimeout,
        @DefaultValue("5s") Duration discoveryInterval,
        @DefaultValue("60s") Duration deadRetention,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("5m") Duration handoverTimeout,
        @DefaultValue("65536") int maxFrameBytes,
        @DefaultValue("10s") Duration joinSettle,
        @DefaultValue("32") int walkSegment,
        @DefaultValue("30s") Duration discoveryIdleInterval) {

    public RingProperties {
        positive(probeInterval, "probeInterval");
        positive(probeTimeout, "probeTimeout");
        positive(suspicionTimeout, "suspicionTimeout");
        positive(hopTimeout, "hopTimeout");
        positive(joinTimeout, "joinTimeout");
        positive(discoveryInterval, "discoveryInterval");
        positive(discoveryIdleInterval, "discoveryIdleInterval");
        if (discoveryIdleInterval.compareTo(discoveryInterval) < 0) {
            throw new IllegalArgumentException("dispotify.ring.discovery-idle-interval must not be shorter than discovery-interval");
        }
        positive(deadRetention, "deadRetention");
        positive(connectTimeout, "connectTimeout");
        positive(handoverTimeout, "handoverTimeout");
        if (joinSettle == null || joinSettle.isNegative()) {
            throw new IllegalArgumentException("dispotify.ring.join-settle must not be negative");
        }
        if (probeTimeout.compareTo(probeInterval) >= 0) {
            throw new IllegalArgumentException("dispotify.ring.probe-timeout must be shorter than probe-interval");
        }
        if (indirectProbes < 0 || indirectProbes > 8) {
            throw new IllegalArgumentException("dispotify.ring.indirect-probes must be 0..8");
        }
        if (successors < 1 || successors > 8) {
            throw new IllegalArgumentException("dispotify.ring.successors must be 1..8");
        }
        if (walkHopLimit < 2) {
            throw new IllegalArgumentException("dispotify.ring.walk-hop-limit must be at least 2");
        }
        if (walkSegment < 1 || walkSegment + 2 > walkHopLimit) {
            throw new IllegalArgumentException("dispotify.ring.walk-segment must be 1.."
                    + (walkHopLimit - 2) + " (two fewer than the walk hop limit)");
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("dispotify.ring.max-frame-bytes must be at least 1024");
        }
    }

    /** The defaults, for code that builds a ring without Spring (tests, tools). */
    public static RingProperties defaults() {
        return new RingProperties(Duration.ofMillis(500), Duration.ofMillis(300), 2, Duration.ofSeconds(2), 2, 64,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofMinutes(5), 65536, Duration.ofSeconds(10), 32, Duration.ofSeconds(30));
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dispotify.ring." + name + " must be positive");
        }
    }
}
