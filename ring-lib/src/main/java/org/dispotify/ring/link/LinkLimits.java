package org.dispotify.ring.link;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what one inbound ring link may send ({@code dispotify.ring.link.*}). A member sends a
 * neighbour a few messages a second (probes every 500 ms, their acks, gossip, the odd walk or sync);
 * the defaults are some fifty times that, so only a broken or hostile peer reaches them. A link over
 * its rate is closed with 1008 (policy violation); the peer may reconnect and start afresh, as
 * a member that had a burst of bad luck would.
 *
 * @param messagesPerSecond sustained frames per second one inbound link may send
 * @param burst             frames a link may send at once above that rate
 */
@ConfigurationProperties("dispotify.ring.link")
public record LinkLimits(@DefaultValue("200") int messagesPerSecond, @DefaultValue("1000") int burst) {

    public LinkLimits {
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("dispotify.ring.link.messages-per-second must be at least 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("dispotify.ring.link.burst must be at least 1");
        }
    }

    public static LinkLimits defaults() {
        return new LinkLimits(200, 1000);
    }
}
