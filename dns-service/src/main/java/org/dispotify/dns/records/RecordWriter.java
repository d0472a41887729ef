package org.dispotify.dns.records;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Write-behind to SQLite on one dedicated thread. Pending writes are coalesced per key (only
 * the latest state of a record is written), so memory is bounded by the number of records
 * however fast registrants renew, and renewals that change nothing are never written at all.
 */
@Component
class RecordWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Map<RecordKey, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Scheduler thread = Schedulers.newSingle("dns-store");
    private final RecordStore store;
    private volatile Duration backoff = Duration.ofMillis(250);

    RecordWriter(RecordStore store) {
        this.store = store;
    }

    void save(NameRecord record, Instant registeredAt) {
        pending.put(record.key(), new Pending(record, registeredAt));
        schedule();
    }

    void delete(RecordKey key) {
        pending.put(key, new Pending(null, null));
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            thread.schedule(this::drain);
        }
    }

    private void drain() {
        // Cleared first: a change that lands while this batch is written schedules another drain.
        scheduled.set(false);
        if (pending.isEmpty()) {
            return;
        }
        Map<RecordKey, Pending> batch = new HashMap<>(pending);
        try {
            store.apply(batch);
            // Only what was written: a newer change of the same key stays pending.
            batch.forEach(pending::remove);
            backoff = Duration.ofMillis(250);
        } catch (RuntimeException e) {
            log.warn("Could not write {} name-service records to SQLite, retrying in {}: {}",
                    batch.size(), backoff, e.toString());
            if (scheduled.compareAndSet(false, true)) {
                thread.schedule(this::drain, backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
    }

    /** Writes everything pending and waits for it, bounded; used at shutdown and by tests. */
    void flush() {
        Mono.fromRunnable(this::drain).subscribeOn(thread).block(Duration.ofSeconds(10));
    }

    @Override
    public void destroy() {
        try {
            flush();
        } finally {
            thread.dispose();
        }
    }

    /** The state to write: a record, or a deletion when {@code record} is null. */
    record Pending(NameRecord record, Instant registeredAt) {
    }
}
