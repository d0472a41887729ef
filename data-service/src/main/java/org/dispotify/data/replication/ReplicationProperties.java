package org.dispotify.data.replication;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Replication settings ({@code dispotify.data.replication.*}; the factor itself is
 * {@code dispotify.data.replication-factor}).
 *
 * @param transferRate   bytes per second all background transfers of this node share (rebalancing,
 *                       repairs); upload copies are not throttled, an upload waits for them
 * @param transfers      background transfers at once
 * @param syncInterval   how often a node compares its songs with the other data nodes (jittered ±20 %)
 * @param eventDelay     how long after a membership change a sync starts (changes come in bursts)
 * @param fullSyncEvery  every n-th periodic sync lists every peer's songs instead of comparing digests
 * @param trimDelay      how long the set of data nodes must stay unchanged before surplus copies go
 * @param callTimeout    timeout of small calls between data nodes (digests, id pages, holdings, a chunk)
 * @param pullTimeout    how long one whole song may take to copy
 */
@ConfigurationProperties("dispotify.data.replication")
public record ReplicationProperties(
        @DefaultValue("20MB") DataSize transferRate,
        @DefaultValue("2") int transfers,
        @DefaultValue("10s") Duration syncInterval,
        @DefaultValue("500ms") Duration eventDelay,
        @DefaultValue("6") int fullSyncEvery,
        @DefaultValue("5s") Duration trimDelay,
        @DefaultValue("5s") Duration callTimeout,
        @DefaultValue("2m") Duration pullTimeout) {

    public ReplicationProperties {
        if (transferRate.toBytes() <= 0 || transfers < 1 || fullSyncEvery < 1) {
            throw new IllegalArgumentException(
                    "dispotify.data.replication.transfer-rate, transfers and full-sync-every must be positive");
        }
        for (Duration d : new Duration[] {syncInterval, eventDelay, callTimeout, pullTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("dispotify.data.replication durations must be positive");
            }
        }
        if (trimDelay.isNegative()) {
            throw new IllegalArgumentException("dispotify.data.replication.trim-delay must not be negative");
        }
    }
}
