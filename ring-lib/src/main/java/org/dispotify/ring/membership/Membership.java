package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;

/**
 * The member list of one node and the ring order it implies. Merging is commutative and idempotent
 * (the higher incarnation wins, then the later status), so members that have seen the same entries
 * agree on the ring whatever the order of arrival; split rings merge by exchanging lists. Not thread
 * safe: only the node's ring scheduler touches it.
 * <p>
 * Built for rings of a thousand members, where every member handles every change: a merge costs
 * O(log n) (the live members are kept sorted), the digest is kept up to date as changes come in
 * (a sum of per-entry hashes, so it does not depend on order), and successors, predecessor and the
 * digest cost no more than the successors asked for. Only whole-list views ({@link #ring()},
 * {@link #all()}) are O(n), and those are built once per change.
 */
public final class Membership {

    /** What a merge changed, for logs, events and flooding. */
    public enum Change { NONE, ADDED, UPDATED, SUSPECTED, RECOVERED, DIED }

    static final Comparator<MemberEntry> RING_ORDER =
            Comparator.comparingDouble(MemberEntry::position).thenComparing(MemberEntry::nodeId);

    private final String selfId;
    private final Map<String, MemberEntry> entries = new HashMap<>();
    private final NavigableSet<MemberEntry> live = new TreeSet<>(RING_ORDER);
    private final Map<String, Long> deadSince = new LinkedHashMap<>();
    private long digest;
    private List<MemberEntry> ringCache;
    private List<MemberEntry> allCache;

    public Membership(MemberEntry self) {
        this.selfId = self.nodeId();
        put(self);
    }

    public MemberEntry self() {
        return entries.get(selfId);
    }

    public void replaceSelf(MemberEntry self) {
        if (!self.nodeId().equals(selfId)) {
            throw new IllegalArgumentException("not this node: " + self.nodeId());
        }
        put(self);
    }

    public Optional<MemberEntry> get(String nodeId) {
        return Optional.ofNullable(entries.get(nodeId));
    }

    /** Merges what another member says about {@code incoming.nodeId()}; entries about this node are the caller's business. */
    public Change merge(MemberEntry incoming, long nowNanos) {
        if (incoming.nodeId().equals(selfId)) {
            return Change.NONE;
        }
        MemberEntry existing = entries.get(incoming.nodeId());
        if (existing == null) {
            put(incoming);
            if (!incoming.live()) {
                // Remember the death so stale gossip cannot bring the member back, but it is no news here.
                deadSince.put(incoming.nodeId(), nowNanos);
                return Change.NONE;
            }
            return Change.ADDED;
        }
        if (!incoming.supersedes(existing)) {
            return Change.NONE;
        }
        put(incoming);
        if (!incoming.live()) {
            deadSince.put(incoming.nodeId(), nowNanos);
            return existing.live() ? Change.DIED : Change.UPDATED;
        }
        deadSince.remove(incoming.nodeId());
        if (!existing.live()) {
            return Change.ADDED;
        }
        if (incoming.status() == MemberStatus.SUSPECT && existing.status() != MemberStatus.SUSPECT) {
            return Change.SUSPECTED;
        }
        if (incoming.status() == MemberStatus.ALIVE && existing.status() == MemberStatus.SUSPECT) {
            return Change.RECOVERED;
        }
        return Change.UPDATED;
    }

    /** Live members (ALIVE or SUSPECT), this node included, in ring order. */
    public List<MemberEntry> ring() {
        if (ringCache == null) {
            ringCache = List.copyOf(live);
        }
        return ringCache;
    }

    /** Live members after this node in ring order, wrapping around, this node excluded. */
    public List<MemberEntry> after() {
        List<MemberEntry> result = new ArrayList<>(live.size());
        MemberEntry self = self();
        result.addAll(live.tailSet(self, false));
        result.addAll(live.headSet(self, false));
        return result;
    }

    /** The first {@code count} live members after this node, nearest first (fewer if the ring is smaller). */
    public List<MemberEntry> successors(int count) {
        List<MemberEntry> result = new ArrayList<>(count);
        MemberEntry self = self();
        Iterator<MemberEntry> tail = live.tailSet(self, false).iterator();
        while (result.size() < count && tail.hasNext()) {
            result.add(tail.next());
        }
        Iterator<MemberEntry> head = live.iterator();
        while (result.size() < count && head.hasNext()) {
            MemberEntry next = head.next();
            if (next.nodeId().equals(selfId)) {
                break;
            }
            result.add(next);
        }
        return result;
    }

    public Optional<MemberEntry> predecessor() {
        if (live.size() < 2) {
            return Optional.empty();
        }
        MemberEntry before = live.lower(self());
        return Optional.of(before != null ? before : live.last());
    }

    /** Every entry, dead ones included (the view shows them until they are purged), in ring order. */
    public List<MemberEntry> all() {
        if (allCache == null) {
            allCache = entries.values().stream().sorted(RING_ORDER).toList();
        }
        return allCache;
    }

    /** Entries held dead (until purged), in ring order. */
    public List<MemberEntry> dead() {
        return all().stream().filter(m -> !m.live()).toList();
    }

    public int liveCount() {
        return live.size();
    }

    /** How many entries are held, dead ones included. */
    public int size() {
        return entries.size();
    }

    /** A cheap summary of the live entries: equal digests mean (almost surely) equal views. */
    public long digest() {
        return digest;
    }

    /** Forgets members dead for longer than {@code retention}; returns how many. */
    public int purge(long nowNanos, Duration retention) {
        if (deadSince.isEmpty()) {
            return 0;
        }
        List<String> expired = deadSince.entrySet().stream()
                .filter(e -> nowNanos - e.getValue() > retention.toNanos())
                .map(Map.Entry::getKey)
                .toList();
        expired.forEach(id -> {
            deadSince.remove(id);
            remove(id);
        });
        return expired.size();
    }

    /** A position between this node and its first successor, so a newcomer lands right after this node. */
    public double positionForNewcomer() {
        double here = self().position();
        List<MemberEntry> next = successors(1);
        double there = next.isEmpty() ? here + 1 : next.get(0).position();
        if (there <= here) {
            there += 1;
        }
        double middle = (here + there) / 2;
        if (middle >= 1) {
            middle -= 1;
        }
        if (middle == here) {
            // Out of double precision in this gap: the id tie-break still gives every member the same order.
            middle = Math.nextUp(here) >= 1 ? here : Math.nextUp(here);
        }
        return middle;
    }

    private void put(MemberEntry entry) {
        remove(entry.nodeId());
        entries.put(entry.nodeId(), entry);
        if (entry.live()) {
            live.add(entry);
            digest += entryHash(entry);
        }
        ringCache = null;
        allCache = null;
    }

    private void remove(String nodeId) {
        MemberEntry old = entries.remove(nodeId);
        if (old != null && old.live()) {
            live.remove(old);
            digest -= entryHash(old);
        }
        ringCache = null;
        allCache = null;
    }

    /** A well-mixed hash of what the digest covers: who, which incarnation, which status and role. */
    private static long entryHash(MemberEntry entry) {
        long h = entry.nodeId().hashCode() * 0x9E3779B97F4A7C15L;
        h ^= entry.incarnation() * 0xC2B2AE3D27D4EB4FL;
        h ^= (entry.status().ordinal() + 1L) * 0x165667B19E3779F9L;
        h ^= (entry.role().ordinal() + 1L) * 0x27D4EB2F165667C5L;
        h ^= Double.doubleToLongBits(entry.position());
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }
}
