package org.dispotify.data.scrub;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The background scrub ({@code dispotify.data.scrub.*}).
 *
 * @param enabled      whether data nodes scrub at all
 * @param rate         bytes checked per second, at most (reading and hashing compete with listeners for disk
 *                     and CPU)
 * @param initialDelay from the node's start to its first pass (a start is busy enough)
 * @param interval     from the end of one pass to the start of the next
 * @param busyAbove    bytes per second of audio streamed by this node above which the scrub waits (checked
 *                     before every item); 0 never waits
 */
@ConfigurationProperties("dispotify.data.scrub")
public record ScrubProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20MB") DataSize rate,
        @DefaultValue("5m") Duration initialDelay,
        @DefaultValue("6h") Duration interval,
        @DefaultValue("8MB") DataSize busyAbove) {

    public ScrubProperties {
        if (rate.toBytes() <= 0) {
            throw new IllegalArgumentException("dispotify.data.scrub.rate must be positive");
        }
        if (busyAbove.toBytes() < 0 || initialDelay.isNegative() || interval.isNegative()) {
            throw new IllegalArgumentException(
                    "dispotify.data.scrub.busy-above, initial-delay and interval must not be negative");
        }
    }
}
