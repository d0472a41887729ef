package org.dispotify.router.cover;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the router serves covers ({@code dispotify.router.covers.*}).
 *
 * @param cacheSize    bytes of covers kept in heap, originals and scaled copies alike (a 300 px JPEG is ~20 KB)
 * @param fetchTimeout one request for a cover to one data node
 * @param scaleThreads covers decoded and scaled at once; each holds at most a few MB of pixels
 */
@ConfigurationProperties("dispotify.router.covers")
public record CoverProperties(
        @DefaultValue("32MB") DataSize cacheSize,
        @DefaultValue("3s") Duration fetchTimeout,
        @DefaultValue("2") int scaleThreads) {

    public CoverProperties {
        if (cacheSize.toBytes() < 0) {
            throw new IllegalArgumentException("dispotify.router.covers.cache-size must not be negative");
        }
        if (fetchTimeout == null || fetchTimeout.isZero() || fetchTimeout.isNegative()) {
            throw new IllegalArgumentException("dispotify.router.covers.fetch-timeout must be a positive duration");
        }
        if (scaleThreads < 1) {
            throw new IllegalArgumentException("dispotify.router.covers.scale-threads must be >= 1");
        }
    }
}
