package org.dispotify.data.replication;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Replication's meters, on {@code /actuator/prometheus} as {@code dispotify_replication_*}. */
@Component
class ReplicationMetrics {

    private final AtomicLong underReplicated = new AtomicLong();
    private final Counter bytesMoved;
    private final Counter songsPulled;
    private final Counter pullsFailed;
    private final Counter chunkRepairs;
    private final Counter coverRepairs;
    private final Counter songRepairs;
    private final Counter trimmed;

    ReplicationMetrics(MeterRegistry meters) {
        Gauge.builder("dispotify.replication.under.replicated", underReplicated, AtomicLong::get)
                .description("Songs this node holds or owns with fewer live holders than the replication factor (as of the last sync)")
                .register(meters);
        bytesMoved = Counter.builder("dispotify.replication.bytes.moved").baseUnit("bytes")
                .description("Bytes of songs copied to this node from other data nodes").register(meters);
        songsPulled = Counter.builder("dispotify.replication.pulls")
                .description("Songs copied to this node from another data node").register(meters);
        pullsFailed = Counter.builder("dispotify.replication.pulls.failed")
                .description("Copies of a song to this node that failed (unreachable source, bad hash, timeout)")
                .register(meters);
        chunkRepairs = Counter.builder("dispotify.replication.repairs").tag("kind", "chunk")
                .description("Repairs: damaged chunks replaced, missing copies restored").register(meters);
        coverRepairs = Counter.builder("dispotify.replication.repairs").tag("kind", "cover")
                .description("Repairs: damaged chunks replaced, missing copies restored").register(meters);
        songRepairs = Counter.builder("dispotify.replication.repairs").tag("kind", "copy")
                .description("Repairs: damaged chunks replaced, missing copies restored").register(meters);
        trimmed = Counter.builder("dispotify.replication.trimmed")
                .description("Surplus copies deleted after their owners confirmed theirs").register(meters);
    }

    void underReplicated(long songs) {
        underReplicated.set(songs);
    }

    long underReplicated() {
        return underReplicated.get();
    }

    void moved(long bytes) {
        bytesMoved.increment(bytes);
    }

    void pulled() {
        songsPulled.increment();
    }

    void pullFailed() {
        pullsFailed.increment();
    }

    void chunkRepaired() {
        chunkRepairs.increment();
    }

    void coverRepaired() {
        coverRepairs.increment();
    }

    void copyRestored() {
        songRepairs.increment();
    }

    void trimmed() {
        trimmed.increment();
    }
}
