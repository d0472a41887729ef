package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.List;

import org.dispotify.ring.view.RingEvent;

/**
 * What happened in a run: the ring events the checks and figures need (a node's own verdicts, walks,
 * imbalances, role switches, joins; not the hearsay every member repeats), the faults the simulation
 * caused, and a hash over every event in order, which two runs of one seed must share.
 */
public final class Trace {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.dispotify.ring.sim.Faults");

    /** Something the simulation did to a process or the network. */
    public enum Fact { STARTED, CRASHED, LEFT, PAUSED, RESUMED, CLOCK_JUMPED, PARTITIONED, HEALED, LOSS, NAME_SERVICE,
        /** Members that still held a crashed member live when it should have been declared dead everywhere. */
        STILL_HELD_LIVE }

    /** A ring event seen at {@code at} (virtual nanoseconds). */
    public record Event(long at, RingEvent.Type type, String observer, String subject, String detail) {
    }

    /** A fault or lifecycle step at {@code at}. */
    public record Done(long at, Fact fact, String subject, String detail) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<Done> facts = new ArrayList<>();
    private long hash = 1469598103934665603L;
    private long count;

    void event(long at, RingEvent event) {
        count++;
        hash = mix(hash, at);
        hash = mix(hash, event.type().ordinal());
        hash = mix(hash, event.observer().hashCode());
        hash = mix(hash, event.subject().hashCode());
        hash = mix(hash, event.detail().hashCode());
        if (kept(event)) {
            events.add(new Event(at, event.type(), event.observer(), event.subject(), event.detail()));
        }
    }

    void fact(long at, Fact fact, String subject, String detail) {
        if (log.isInfoEnabled()) {
            log.info("sim: {} {} {}", fact.name().toLowerCase(java.util.Locale.ROOT), subject, detail);
        }
        hash = mix(hash, at);
        hash = mix(hash, fact.ordinal());
        hash = mix(hash, subject.hashCode());
        facts.add(new Done(at, fact, subject, detail));
    }

    public List<Event> events() {
        return events;
    }

    public List<Done> facts() {
        return facts;
    }

    /** Ring events seen, hearsay included. */
    public long count() {
        return count;
    }

    /** A digest of every event and fact, in order: equal for two runs of one seed. */
    public long hash() {
        return hash;
    }

    /** A member's own conclusions and acts; what others repeat about them is left out. */
    private static boolean kept(RingEvent event) {
        return switch (event.type()) {
            case DEAD, SUSPECTED, JOINED -> !event.detail().startsWith("reported by");
            case ALIVE -> false;
            default -> true;
        };
    }

    private static long mix(long h, long value) {
        h ^= value;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }
}
