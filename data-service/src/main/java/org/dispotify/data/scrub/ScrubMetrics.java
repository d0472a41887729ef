package org.dispotify.data.scrub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The scrub's meters ({@code dispotify_scrub_*}). Repairs of what it finds count where every repair
 * counts: {@code dispotify_replication_repairs_total{kind="chunk"}}.
 */
@Component
class ScrubMetrics {

    private final MeterRegistry meters;
    private final Counter bytes;
    private final Counter passes;
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private final Map<String, Counter> damaged = new ConcurrentHashMap<>();

    ScrubMetrics(MeterRegistry meters, List<ScrubTarget> targets) {
        this.meters = meters;
        this.bytes = Counter.builder("dispotify.scrub.checked").baseUnit("bytes")
                .description("Bytes the background scrub read and checked against their stored hashes").register(meters);
        this.passes = Counter.builder("dispotify.scrub.passes")
                .description("Scrub passes completed over every song stored here").register(meters);
        // Registered up front, so the series exist (at zero) before anything is found.
        targets.forEach(target -> {
            itemsOf(target.kind());
            damagedOf(target.kind());
        });
    }

    void checked(String kind, long count) {
        bytes.increment(count);
        itemsOf(kind).increment();
    }

    void damaged(String kind, int count) {
        damagedOf(kind).increment(count);
    }

    void passed() {
        passes.increment();
    }

    private Counter itemsOf(String kind) {
        return items.computeIfAbsent(kind, k -> Counter.builder("dispotify.scrub.items").tag("kind", k)
                .description("Stored items the scrub checked, by kind").register(meters));
    }

    private Counter damagedOf(String kind) {
        return damaged.computeIfAbsent(kind, k -> Counter.builder("dispotify.scrub.damaged").tag("kind", k)
                .description("Damaged items the scrub found (each is repaired from another holder), by kind")
                .register(meters));
    }
}
