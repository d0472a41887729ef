package org.dispotify.router.state;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How routers keep personal-state documents ({@code dispotify.router.state.*}).
 *
 * @param copies      data nodes that hold each document (its owners by rendezvous hashing; as songs, 2)
 * @param callTimeout one read or merge call to one data node
 * @param writeWithin how long a write may retry an owner that fails before the router answers 503
 */
@ConfigurationProperties("dispotify.router.state")
public record StateProperties(
        @DefaultValue("2") int copies,
        @DefaultValue("2s") Duration callTimeout,
        @DefaultValue("10s") Duration writeWithin) {

    public StateProperties {
        if (copies < 1) {
            throw new IllegalArgumentException("dispotify.router.state.copies must be at least 1");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()
                || writeWithin == null || writeWithin.isNegative() || writeWithin.isZero()) {
            throw new IllegalArgumentException("dispotify.router.state timeouts must be positive");
        }
    }
}
