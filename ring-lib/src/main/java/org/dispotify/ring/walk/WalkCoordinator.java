package org.dispotify.ring.walk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Alert;
import org.dispotify.ring.message.RingMessage.HopAck;
import org.dispotify.ring.message.RingMessage.Imbalance;
import org.dispotify.ring.message.WalkEntry;
import org.dispotify.ring.message.WalkId;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Alert walks and imbalance messages (ORIGINAL.md's "alert" and "temporary manager", hardened).
 * <ul>
 * <li>The detector of a death starts an alert; every live member appends itself and passes it to its
 * successor; back home, the initiator is the temporary manager and counts the roles.</li>
 * <li>Walks are ordered by (epoch, initiator). An initiator that sees a lower walk drops its own and
 * passes the lower one on; one that sees a higher walk while its own is under way drops that one. So of
 * concurrent walks only the lowest completes, and the epoch (one more than any seen) keeps ids fresh.</li>
 * <li>A hop limit bounds every message; a dead next hop is skipped (see {@link HopSender}).</li>
 * <li>If a role is short, the manager sends an {@link Imbalance} round: the first auto-role members of
 * the other role that can give their role up switch, one per missing node, and the message goes on as
 * satisfied. A member switches at most once per deficit id.</li>
 * </ul>
 * Confined to the node's ring scheduler.
 */
public final class WalkCoordinator {

    private static final Logger log = LoggerFactory.getLogger(WalkCoordinator.class);

    private final WalkHost host;
    private final Scheduler scheduler;
    private final int hopLimit;
    private final Duration hopTimeout;
    private final HopSender hops;
    private final Set<String> seen = bounded(4096);
    private final Set<WalkId> switchedFor = bounded(256);
    private long maxEpoch;
    private WalkId active;
    private boolean walkAgain;
    /** The walk under way follows a loss (a death, a leave): its deficit is acted on without waiting for arrivals. */
    private boolean urgent;
    private boolean urgentAgain;
    /** The last walk missed a member this node holds live: the next partial count is not retried at once. */
    private boolean retriedPartial;
    /** Counts completed (and reset) walks, so a decision taken on an older count is dropped. */
    private long completions;
    private Disposable activeTimeout = () -> { };

    public WalkCoordinator(WalkHost host, Scheduler scheduler, int hopLimit, Duration hopTimeout) {
        this.host = host;
        this.scheduler = scheduler;
        this.hopLimit = hopLimit;
        this.hopTimeout = hopTimeout;
        this.hops = new HopSender(host, scheduler, hopTimeout);
    }

    public Optional<WalkId> active() {
        return Optional.ofNullable(active);
    }

    /** Starts an alert walk from this node; if one of ours is under way, another follows it. */
    public void start(String cause) {
        start(cause, false);
    }

    /**
     * Starts an alert walk; {@code afterLoss} marks a walk that follows a death or a leave, whose deficit is
     * real at once (see {@link WalkHost#mayRebalance}). If one of ours is under way, another follows it.
     */
    public void start(String cause, boolean afterLoss) {
        if (active != null) {
            walkAgain = true;
            urgentAgain |= afterLoss;
            return;
        }
        urgent = afterLoss;
        MemberEntry self = host.selfEntry();
        WalkId id = new WalkId(++maxEpoch, self.nodeId());
        active = id;
        List<MemberEntry> after = host.liveAfterSelf();
        List<Peer> ring = new ArrayList<>();
        ring.add(self.peer());
        after.forEach(m -> ring.add(m.peer()));
        Alert alert = new Alert(self.peer(), id, cause, 0, List.of(entry(self)), ring);
        log.info("ring: {} starts alert walk {} ({}, {} live members)", self.nodeId(), id, cause, ring.size());
        host.event(RingEvent.Type.WALK_STARTED, self.nodeId(), id + " " + cause);
        long budget = hopTimeout.toNanos() * 2 * (ring.size() + 3);
        activeTimeout.dispose();
        activeTimeout = scheduler.schedule(() -> {
            if (id.equals(active)) {
                log.warn("ring: alert walk {} did not come back to {}; giving it up", id, self.nodeId());
                active = null;
                again();
            }
        }, budget, TimeUnit.NANOSECONDS);
        if (after.isEmpty()) {
            complete(alert);
        } else {
            passOn(alert);
        }
    }

    public void onAlert(Alert alert) {
        String hopId = hopId(alert);
        MemberEntry self = host.selfEntry();
        host.send(alert.from(), new HopAck(self.peer(), hopId));
        if (!seen.add(hopId)) {
            return;
        }
        maxEpoch = Math.max(maxEpoch, alert.walk().epoch());
        if (alert.walk().initiator().equals(self.nodeId())) {
            if (alert.walk().equals(active)) {
                complete(alert);
            }
            return;
        }
        if (alert.hops() > hopLimit) {
            log.warn("ring: {} drops alert walk {}: hop limit {} reached", self.nodeId(), alert.walk(), hopLimit);
            return;
        }
        if (active != null) {
            int order = alert.walk().compareTo(active);
            if (order < 0) {
                log.info("ring: {} yields its alert walk {} to the lower walk {}", self.nodeId(), active, alert.walk());
                active = null;
                walkAgain = false;
                urgentAgain = false;
                activeTimeout.dispose();
            } else if (order > 0) {
                log.info("ring: {} drops alert walk {}: its own lower walk {} is under way", self.nodeId(),
                        alert.walk(), active);
                return;
            }
        }
        if (alert.visited().stream().anyMatch(e -> e.nodeId().equals(self.nodeId()))) {
            log.info("ring: {} drops alert walk {}: it came round without reaching its initiator", self.nodeId(),
                    alert.walk());
            return;
        }
        List<WalkEntry> visited = new ArrayList<>(alert.visited());
        visited.add(entry(self));
        passOn(new Alert(self.peer(), alert.walk(), alert.cause(), alert.hops(), visited, alert.ring()));
    }

    public void onImbalance(Imbalance message) {
        String hopId = hopId(message);
        MemberEntry self = host.selfEntry();
        host.send(message.from(), new HopAck(self.peer(), hopId));
        if (!seen.add(hopId)) {
            return;
        }
        maxEpoch = Math.max(maxEpoch, message.deficit().epoch());
        if (message.origin().equals(self.nodeId())) {
            if (message.satisfied()) {
                log.info("ring: imbalance {} ({} needed) satisfied by {}", message.deficit(), message.needed().label(),
                        message.switched());
            } else {
                log.warn("ring: imbalance {} still short of {} {} node(s): no auto-role member could switch",
                        message.deficit(), message.remaining(), message.needed().label());
            }
            return;
        }
        if (message.hops() > hopLimit || message.visited().contains(self.nodeId())) {
            log.info("ring: {} drops imbalance {}: hop limit or loop", self.nodeId(), message.deficit());
            return;
        }
        passOn(consider(message));
    }

    public void onHopAck(HopAck ack) {
        hops.acknowledged(ack.hopId());
    }

    /** Forgets walks under way, as for a node that rejoins. */
    public void reset() {
        completions++;
        active = null;
        walkAgain = false;
        urgentAgain = false;
        activeTimeout.dispose();
        hops.clear();
    }

    private void complete(Alert alert) {
        long completion = ++completions;
        active = null;
        activeTimeout.dispose();
        Map<String, WalkEntry> members = new LinkedHashMap<>();
        alert.visited().forEach(e -> members.putIfAbsent(e.nodeId(), e));
        int data = (int) members.values().stream().filter(e -> e.role() == Role.DATA).count();
        int routers = members.size() - data;
        long pinned = members.values().stream().filter(WalkEntry::pinned).count();
        String self = host.selfEntry().nodeId();
        log.info("ring: alert walk {} ({}) finished at {} after {} hops: {} members, {} data, {} routers, {} pinned",
                alert.walk(), alert.cause(), self, alert.hops(), members.size(), data, routers, pinned);
        host.event(RingEvent.Type.WALK_FINISHED, self,
                alert.walk() + " members=" + members.size() + " data=" + data + " routers=" + routers);
        // A hop that sent no receipt in time is skipped (HopSender), so a slow link (one just redialled after
        // a partition, a loaded machine) can leave a live member out of the count. Acting on that count would
        // fill a deficit that is not there; walk once more instead, and otherwise leave it to the next check.
        List<String> missed = host.liveAfterSelf().stream().map(MemberEntry::nodeId)
                .filter(id -> !members.containsKey(id)).toList();
        if (!missed.isEmpty()) {
            log.info("ring: alert walk {} missed {}, which {} holds live: not acting on a partial count{}", alert.walk(),
                    missed, self, retriedPartial ? "" : "; walking again");
            if (!retriedPartial) {
                retriedPartial = true;
                walkAgain = true;
            }
            again();
            return;
        }
        retriedPartial = false;
        boolean afterLoss = urgent;
        ImbalancePolicy.evaluate(data, routers).ifPresent(deficit -> host.mayRebalance(afterLoss).subscribe(now -> {
            if (!now || completion != completions) {
                return;
            }
            log.info("ring: imbalance {}: {} data, {} routers; {} more {} node(s) needed", alert.walk(), data, routers,
                    deficit.count(), deficit.needed().label());
            host.event(RingEvent.Type.IMBALANCE, self,
                    alert.walk() + " needs " + deficit.count() + " " + deficit.needed().label());
            Imbalance first = new Imbalance(host.selfEntry().peer(), alert.walk(), self, deficit.needed(),
                    deficit.count(), data, routers, 0, List.of(), List.of());
            passOn(consider(first));
        }));
        again();
    }

    private void again() {
        if (walkAgain) {
            walkAgain = false;
            boolean afterLoss = urgentAgain;
            urgentAgain = false;
            start("another change during the last walk", afterLoss);
        }
    }

    /** This member's turn with an imbalance message: switch if it can, and say so in what it passes on. */
    private Imbalance consider(Imbalance message) {
        MemberEntry self = host.selfEntry();
        List<String> visited = append(message.visited(), self.nodeId());
        Role mine = self.role();
        boolean switching = message.remaining() > 0
                && host.mayTake(message.needed())
                && ImbalancePolicy.canGiveUp(mine, message.data(), message.routers())
                && !switchedFor.contains(message.deficit());
        if (!switching) {
            return new Imbalance(self.peer(), message.deficit(), message.origin(), message.needed(),
                    message.remaining(), message.data(), message.routers(), message.hops(), visited, message.switched());
        }
        switchedFor.add(message.deficit());
        int data = message.data() + (message.needed() == Role.DATA ? 1 : -1);
        int routers = message.routers() + (message.needed() == Role.ROUTER ? 1 : -1);
        log.info("ring: {} gives up the {} role for imbalance {} and becomes {} ({} more needed)", self.nodeId(),
                mine.label(), message.deficit(), message.needed().label(), message.remaining() - 1);
        host.switchRole(message.needed(), message.deficit(), () -> retry(message));
        return new Imbalance(self.peer(), message.deficit(), message.origin(), message.needed(),
                message.remaining() - 1, data, routers, message.hops(), visited,
                append(message.switched(), self.nodeId()));
    }

    /** Our switch failed (a handover error): ask the rest of the ring for one more member instead. */
    private void retry(Imbalance message) {
        MemberEntry self = host.selfEntry();
        log.warn("ring: {} could not switch for imbalance {}; asking the next members", self.nodeId(),
                message.deficit());
        passOn(new Imbalance(self.peer(), message.deficit(), self.nodeId(), message.needed(), 1, message.data(),
                message.routers(), 0, List.of(self.nodeId()), List.of()));
    }

    private void passOn(Alert alert) {
        Alert next = new Alert(host.selfEntry().peer(), alert.walk(), alert.cause(), alert.hops() + 1,
                alert.visited(), alert.ring());
        List<String> visited = alert.visited().stream().map(WalkEntry::nodeId).toList();
        Predicate<Peer> eligible = eligible(visited, alert.walk().initiator());
        hops.send(hopId(next), next, candidates(eligible, alert.ring()), eligible);
    }

    private void passOn(Imbalance message) {
        Imbalance next = new Imbalance(host.selfEntry().peer(), message.deficit(), message.origin(), message.needed(),
                message.remaining(), message.data(), message.routers(), message.hops() + 1, message.visited(),
                message.switched());
        Predicate<Peer> eligible = eligible(message.visited(), message.origin());
        hops.send(hopId(next), next, candidates(eligible, List.of()), eligible);
    }

    /** Next hops, nearest first: this node's successors, then the ring order the walk carries. */
    private List<Peer> candidates(Predicate<Peer> eligible, List<Peer> carried) {
        Map<String, Peer> out = new LinkedHashMap<>();
        host.liveAfterSelf().stream().map(MemberEntry::peer).filter(eligible).forEach(p -> out.putIfAbsent(p.nodeId(), p));
        String self = host.selfEntry().nodeId();
        int at = 0;
        for (int i = 0; i < carried.size(); i++) {
            if (carried.get(i).nodeId().equals(self)) {
                at = i;
            }
        }
        for (int i = 1; i <= carried.size(); i++) {
            Peer p = carried.get((at + i) % carried.size());
            if (eligible.test(p)) {
                out.putIfAbsent(p.nodeId(), p);
            }
        }
        return new ArrayList<>(out.values());
    }

    private Predicate<Peer> eligible(List<String> visited, String terminal) {
        String self = host.selfEntry().nodeId();
        return peer -> !peer.nodeId().equals(self)
                && (peer.nodeId().equals(terminal) || !visited.contains(peer.nodeId()));
    }

    static String hopId(Alert alert) {
        return "alert " + alert.walk() + " #" + alert.hops();
    }

    static String hopId(Imbalance message) {
        return "imbalance " + message.deficit() + " from " + message.origin() + " #" + message.hops();
    }

    private static WalkEntry entry(MemberEntry member) {
        return new WalkEntry(member.nodeId(), member.host(), member.port(), member.role(), member.pinned());
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static <T> Set<T> bounded(int size) {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > size;
            }
        });
    }
}
