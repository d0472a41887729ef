package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;

/**
 * The member list of one node and the ring order it implies. Merging is commutative and idempotent
 * (the higher incarnation wins, then the later status), so members that have seen the same entries
 * agree on the ring whatever the order of arrival; split rings merge by exchanging lists. Not thread
 * safe: only the node's ring scheduler touches it.
 */
public final class Membership {

    /** What a merge changed, for logs, events and flooding. */
    public enum Change { NONE, ADDED, UPDATED, SUSPECTED, RECOVERED, DIED }

    static final Comparator<MemberEntry> RING_ORDER =
            Comparator.comparingDouble(MemberEntry::position).thenComparing(MemberEntry::nodeId);

    private final String selfId;
    private final Map<String, MemberEntry> entries = new HashMap<>();
    private final Map<String, Long> deadSince = new HashMap<>();

    public Membership(MemberEntry self) {
        this.selfId = self.nodeId();
        entries.put(selfId, self);
    }

    public MemberEntry self() {
        return entries.get(selfId);
    }

    public void replaceSelf(MemberEntry self) {
        if (!self.nodeId().equals(selfId)) {
            throw new IllegalArgumentException("not this node: " + self.nodeId());
        }
        entries.put(selfId, self);
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
            entries.put(incoming.nodeId(), incoming);
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
        entries.put(incoming.nodeId(), incoming);
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
        return entries.values().stream().filter(MemberEntry::live).sorted(RING_ORDER).toList();
    }

    /** Live members after this node in ring order, wrapping around, this node excluded. */
    public List<MemberEntry> after() {
        List<MemberEntry> ring = ring();
        int at = indexOfSelf(ring);
        List<MemberEntry> result = new ArrayList<>(ring.size());
        for (int i = 1; i < ring.size(); i++) {
            result.add(ring.get((at + i) % ring.size()));
        }
        return result;
    }

    public List<MemberEntry> successors(int count) {
        List<MemberEntry> after = after();
        return after.subList(0, Math.min(count, after.size()));
    }

    public Optional<MemberEntry> predecessor() {
        List<MemberEntry> after = after();
        return after.isEmpty() ? Optional.empty() : Optional.of(after.get(after.size() - 1));
    }

    /** Every entry, dead ones included (the view shows them until they are purged). */
    public List<MemberEntry> all() {
        return entries.values().stream().sorted(RING_ORDER).toList();
    }

    public int liveCount() {
        return (int) entries.values().stream().filter(MemberEntry::live).count();
    }

    /** A cheap summary of the live entries: equal digests mean (almost surely) equal views. */
    public long digest() {
        long hash = 1125899906842597L;
        for (MemberEntry entry : ring()) {
            hash = 31 * hash + entry.nodeId().hashCode();
            hash = 31 * hash + entry.incarnation();
            hash = 31 * hash + entry.status().ordinal();
            hash = 31 * hash + entry.role().ordinal();
        }
        return hash;
    }

    /** Forgets members dead for longer than {@code retention}; returns how many. */
    public int purge(long nowNanos, Duration retention) {
        List<String> expired = deadSince.entrySet().stream()
                .filter(e -> nowNanos - e.getValue() > retention.toNanos())
                .map(Map.Entry::getKey)
                .toList();
        expired.forEach(id -> {
            deadSince.remove(id);
            entries.remove(id);
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

    private int indexOfSelf(List<MemberEntry> ring) {
        for (int i = 0; i < ring.size(); i++) {
            if (ring.get(i).nodeId().equals(selfId)) {
                return i;
            }
        }
        throw new IllegalStateException("this node is not live in its own view");
    }
}
