package org.dispotify.dns.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.dns.system.MonotonicClock;
import org.dispotify.dns.system.NameServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The in-memory index every answer is served from. Mutations of one name run inside
 * {@code compute} on that name, so they are atomic per name and never block readers; each
 * change is handed to the write-behind {@link RecordWriter} from inside the same critical
 * section, so SQLite sees changes of one key in order.
 */
@Component
public class RecordRegistry {

    private static final Logger log = LoggerFactory.getLogger(RecordRegistry.class);

    private final Map<String, Map<String, Registration>> byName = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong serial = new AtomicLong(1);
    private final MonotonicClock clock;
    private final RecordWriter writer;
    private final NameServiceMetrics metrics;

    RecordRegistry(MonotonicClock clock, RecordWriter writer, NameServiceMetrics metrics) {
        this.clock = clock;
        this.writer = writer;
        this.metrics = metrics;
        metrics.recordCount(size::get);
    }

    /** Registers or renews; a renewal restarts the TTL and ends a health check in progress. */
    public Registered register(NameRecord record) {
        Registered result = upsert(record, Instant.now(), true);
        metrics.registered(result.created());
        return result;
    }

    /** Puts back a record read from SQLite at start, with a fresh TTL and without writing it again. */
    void restore(NameRecord record, Instant registeredAt) {
        upsert(record, registeredAt, false);
    }

    private Registered upsert(NameRecord record, Instant wall, boolean persist) {
        long now = clock.nanoTime();
        Registered[] result = new Registered[1];
        byName.compute(record.name(), (name, members) -> {
            Map<String, Registration> held = members == null ? new ConcurrentHashMap<>() : members;
            Registration old = held.get(record.nodeId());
            long version = versions.incrementAndGet();
            Registration fresh = old == null
                    ? Registration.create(record, now, wall, version)
                    : old.renew(record, now, wall, version);
            held.put(record.nodeId(), fresh);
            if (old == null || !old.record().equals(record)) {
                serial.incrementAndGet();
                if (persist) {
                    writer.save(record, fresh.registeredAt());
                }
            }
            result[0] = new Registered(fresh, old == null);
            return held;
        });
        if (result[0].created()) {
            size.incrementAndGet();
        }
        return result[0];
    }

    /** Removes a registration (its owner deregistered or was declared dead); false if absent. */
    public boolean remove(String name, String nodeId) {
        return drop(new RecordKey(name, nodeId), -1, false);
    }

    /** Records whose TTL ran out and whose owner is not being checked yet. */
    public List<Registration> expiredUnchecked() {
        long now = clock.nanoTime();
        List<Registration> expired = new ArrayList<>();
        for (Map<String, Registration> members : byName.values()) {
            for (Registration registration : members.values()) {
                if (!registration.checking() && registration.expired(now)) {
                    expired.add(registration);
                }
            }
        }
        return expired;
    }

    /**
     * Marks an expired record as under check. Returns the marked registration, or null if the
     * record was renewed, re-registered or removed since it was seen expired.
     */
    public Registration beginCheck(Registration seen) {
        long now = clock.nanoTime();
        Registration[] marked = new Registration[1];
        byName.computeIfPresent(seen.record().name(), (name, members) -> {
            Registration current = members.get(seen.record().nodeId());
            if (current != null && current.version() == seen.version() && current.expired(now)) {
                marked[0] = current.startCheck(versions.incrementAndGet());
                members.put(seen.record().nodeId(), marked[0]);
            }
            return members;
        });
        if (marked[0] != null) {
            metrics.expired();
        }
        return marked[0];
    }

    /**
     * Ends a health check: a live owner gets another TTL, a dead one is dropped. A renewal that
     * arrived meanwhile wins (the version no longer matches) and the outcome is ignored.
     */
    public void finishCheck(Registration checked, boolean alive) {
        metrics.healthChecked(alive);
        RecordKey key = checked.record().key();
        if (!alive) {
            if (drop(key, checked.version(), true)) {
                log.info("Dropped {} of {} ({}:{}): TTL ran out and the health check failed",
                        key.name(), key.nodeId(), checked.record().host(), checked.record().port());
            }
            return;
        }
        long now = clock.nanoTime();
        byName.computeIfPresent(key.name(), (name, members) -> {
            Registration current = members.get(key.nodeId());
            if (current != null && current.version() == checked.version()) {
                members.put(key.nodeId(), current.renew(current.record(), now, current.renewedAt(),
                        versions.incrementAndGet()));
            }
            return members;
        });
    }

    /** Removes the record if present and (when {@code version >= 0}) still at that version. */
    private boolean drop(RecordKey key, long version, boolean deadOwner) {
        boolean[] removed = new boolean[1];
        byName.computeIfPresent(key.name(), (name, members) -> {
            Registration current = members.get(key.nodeId());
            if (current != null && (version < 0 || current.version() == version)) {
                members.remove(key.nodeId());
                serial.incrementAndGet();
                writer.delete(key);
                removed[0] = true;
            }
            return members.isEmpty() ? null : members;
        });
        if (removed[0]) {
            size.decrementAndGet();
            metrics.dropped(deadOwner);
        }
        return removed[0];
    }

    /**
     * The live members of a name, unshuffled: a group's registrations, or for
     * {@code <nodeId>.node.dispotify} that node's registrations (one per distinct host and port).
     * Records under check are included: the owner is believed live until the check says otherwise.
     */
    public List<Registration> members(String name) {
        Map<String, Registration> group = byName.get(name);
        if (group != null) {
            return new ArrayList<>(group.values());
        }
        String nodeId = RecordNames.nodeIdOf(name);
        return nodeId == null ? List.of() : node(nodeId);
    }

    private List<Registration> node(String nodeId) {
        List<Registration> found = new ArrayList<>(1);
        Set<String> endpoints = new HashSet<>();
        for (Map<String, Registration> members : byName.values()) {
            Registration registration = members.get(nodeId);
            if (registration != null
                    && endpoints.add(registration.record().host() + ':' + registration.record().port())) {
                found.add(registration);
            }
        }
        return found;
    }

    /** Every held registration. */
    public List<Registration> all() {
        List<Registration> all = new ArrayList<>(size.get());
        byName.values().forEach(members -> all.addAll(members.values()));
        return all;
    }

    /** Names with at least one member (groups only; node names are derived). */
    public Set<String> groupNames() {
        return byName.keySet();
    }

    public int size() {
        return size.get();
    }

    /** Changes whenever the set of records changes: the SOA serial. */
    public long serial() {
        return serial.get();
    }

    public long now() {
        return clock.nanoTime();
    }

    /** The outcome of a PUT. */
    public record Registered(Registration registration, boolean created) {
    }
}
