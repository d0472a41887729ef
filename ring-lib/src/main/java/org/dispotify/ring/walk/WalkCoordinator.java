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
import org.dispotify.ring.message.RingMessage.WalkDropped;
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
 * <li>The detector of a death starts an alert; every live member appends itself and passes it on along
 * the ring; back home, the initiator is the temporary manager and counts the roles.</li>
 * <li>A ring longer than {@code walk-segment} members is walked in segments at once: the initiator sends
 * the alert to the first member of each stretch of its ring order, and the last member of each hands it
 * back. So a walk round a thousand members takes about a segment's hops instead of a thousand, and every
 * message stays small (a frame carries one segment's members, not the ring's).</li>
 * <li>Walks are ordered by (epoch, initiator). An initiator that sees a lower walk drops its own and
 * passes the lower one on; one that sees a higher walk while its own is under way drops that one. So of
 * concurrent walks only the lowest completes, and the epoch (one more than any seen) keeps ids fresh.</li>
 * <li>A hop limit bounds every message; a dead next hop is skipped (see {@link HopSender}).</li>
 * <li>If a role is short, and the {@link WalkHost#mayRebalance gate} agrees, the manager sends an
 * {@link Imbalance}: it skips ahead along the members its count found able to switch, and the first ones
 * that still can switch, one per missing node; then it returns to the manager. A member switches at most
 * once per deficit id, and a manager whose imbalance is still out does not act on another count (that
 * count may predate the switches under way): it counts again once the imbalance is back.</li>
 * </ul>
 * Confined to the node's ring scheduler.
 */
public final class WalkCoordinator {

    private static final Logger log = LoggerFactory.getLogger(WalkCoordinator.class);
    /** Candidates an imbalance carries beyond the switches it needs, for members that can no longer switch. */
    private static final int SPARE_CANDIDATES = 4;

    private final WalkHost host;
    private final Scheduler scheduler;
    private final int hopLimit;
    private final int segmentLength;
    private final Duration hopTimeout;
    private final HopSender hops;
    private final Set<String> seen = bounded(4096);
    private final Set<WalkId> switchedFor = bounded(256);
    private long maxEpoch;
    /** This process's draw for its walks' ids ({@link WalkId#life}). */
    private final long life;
    private Walk active;
    private boolean walkAgain;
    private boolean urgentAgain;
    /** The last walk missed a member this node holds live: the next partial count is not retried at once. */
    private boolean retriedPartial;
    /** Counts completed (and reset) walks, so a decision taken on an older count is dropped. */
    private long completions;
    private WalkId imbalanceOut;
    private Disposable imbalanceTimeout = () -> { };
    private boolean recountWhenBack;
    private Disposable retry = () -> { };

    /**
     * @param hopLimit      a walk segment or an imbalance is dropped after this many hops
     * @param segmentLength the most members one segment of a walk visits
     */
    public WalkCoordinator(WalkHost host, Scheduler scheduler, int hopLimit, int segmentLength, Duration hopTimeout,
                           long life) {
        this.life = life;
        this.host = host;
        this.scheduler = scheduler;
        this.hopLimit = hopLimit;
        this.segmentLength = segmentLength;
        this.hopTimeout = hopTimeout;
        this.hops = new HopSender(host, scheduler, hopTimeout, this::gaveUp);
    }

    public Optional<WalkId> active() {
        return Optional.ofNullable(active).map(Walk::id);
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
        MemberEntry self = host.selfEntry();
        WalkId id = new WalkId(++maxEpoch, self.nodeId(), life);
        List<MemberEntry> after = host.liveAfterSelf();
        List<List<Peer>> segments = segments(after);
        Walk walk = new Walk(id, cause, afterLoss, segments.size());
        active = walk;
        log.info("ring: {} starts alert walk {} ({}, {} live members)", self.nodeId(), id, cause, after.size() + 1);
        host.event(RingEvent.Type.WALK_STARTED, self.nodeId(), id + " " + cause);
        int longest = segments.stream().mapToInt(List::size).max().orElse(0);
        long budget = hopTimeout.toNanos() * 3 * (longest + 3);
        walk.timeout = scheduler.schedule(() -> {
            if (active == walk) {
                log.warn("ring: alert walk {} did not come back to {}; giving it up", id, self.nodeId());
                abandon("did not come back", true);
            }
        }, budget, TimeUnit.NANOSECONDS);
        if (segments.isEmpty()) {
            complete(walk);
            return;
        }
        for (int i = 0; i < segments.size(); i++) {
            passOn(new Alert(self.peer(), id, cause, 0, List.of(), segments.get(i), i));
        }
    }

    public void onAlert(Alert alert) {
        String hopId = hopId(alert);
        MemberEntry self = host.selfEntry();
        log.debug("ring: {} got {} from {}", self.nodeId(), hopId, alert.from().nodeId());
        host.send(alert.from(), new HopAck(self.peer(), hopId));
        if (!seen.add(hopId)) {
            return;
        }
        maxEpoch = Math.max(maxEpoch, alert.walk().epoch());
        if (alert.walk().initiator().equals(self.nodeId())) {
            if (active != null && alert.walk().equals(active.id)) {
                active.reports.putIfAbsent(alert.segment(), alert.visited());
                if (active.reports.size() == active.segments) {
                    complete(active);
                }
            }
            return;
        }
        if (alert.hops() > hopLimit) {
            log.warn("ring: {} drops alert walk {}: hop limit {} reached", self.nodeId(), alert.walk(), hopLimit);
            dropped(alert, "hop limit");
            return;
        }
        if (active != null) {
            int order = alert.walk().compareTo(active.id);
            if (order < 0) {
                log.info("ring: {} yields its alert walk {} to the lower walk {}", self.nodeId(), active.id, alert.walk());
                host.event(RingEvent.Type.WALK_ABANDONED, self.nodeId(), active.id + " yields to " + alert.walk());
                active.timeout.dispose();
                active = null;
                walkAgain = false;
                urgentAgain = false;
            } else if (order > 0) {
                log.info("ring: {} drops alert walk {}: its own lower walk {} is under way", self.nodeId(),
                        alert.walk(), active.id);
                dropped(alert, "lower walk " + active.id + " under way");
                return;
            }
        }
        if (alert.visited().stream().anyMatch(e -> e.nodeId().equals(self.nodeId()))) {
            log.info("ring: {} drops alert walk {}: it came round without reaching its initiator", self.nodeId(),
                    alert.walk());
            dropped(alert, "came round without reaching its initiator");
            return;
        }
        List<WalkEntry> visited = new ArrayList<>(alert.visited());
        visited.add(entry(self));
        passOn(new Alert(self.peer(), alert.walk(), alert.cause(), alert.hops(), visited, alert.ring(), alert.segment()));
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
            ended(message);
            return;
        }
        if (message.hops() > hopLimit || message.visited().contains(self.nodeId())) {
            log.info("ring: {} drops imbalance {}: hop limit or loop", self.nodeId(), message.deficit());
            return;
        }
        passOn(consider(message));
    }

    /** An imbalance this node sent is home: it ended, satisfied or short. */
    private void ended(Imbalance message) {
        String self = host.selfEntry().nodeId();
        if (message.satisfied()) {
            log.info("ring: imbalance {} ({} needed) satisfied by {}", message.deficit(), message.needed().label(),
                    message.switched());
            host.event(RingEvent.Type.IMBALANCE_ENDED, self, message.deficit() + " satisfied by " + message.switched());
        } else {
            log.warn("ring: imbalance {} still short of {} {} node(s): no auto-role member could switch",
                    message.deficit(), message.remaining(), message.needed().label());
            host.event(RingEvent.Type.IMBALANCE_ENDED, self, message.deficit() + " still short of "
                    + message.remaining() + " " + message.needed().label());
        }
        if (message.deficit().equals(imbalanceOut)) {
            imbalanceBack();
        }
    }

    /**
     * A member dropped a segment of our walk: it will not come back, so stop waiting (and stop dropping
     * higher walks for it). Dropped for a lower walk, the count is that walk's to make: the lowest walk of a
     * burst either completes or its initiator counts again (it is never dropped for another). Dropped for
     * any other reason, this node counts again a little later.
     */
    public void onWalkDropped(WalkDropped notice) {
        if (active != null && notice.walk().equals(active.id)) {
            abandon(notice.from().nodeId() + " dropped it: " + notice.reason(), !notice.reason().startsWith("lower walk"));
        }
    }

    private void abandon(String why, boolean countAgain) {
        String self = host.selfEntry().nodeId();
        log.info("ring: {} stops its alert walk {}: {}", self, active.id, why);
        host.event(RingEvent.Type.WALK_ABANDONED, self, active.id + " " + why);
        boolean afterLoss = active.afterLoss || urgentAgain;
        active.timeout.dispose();
        active = null;
        retry.dispose();
        if (countAgain || walkAgain) {
            walkAgain = false;
            urgentAgain = false;
            retry = scheduler.schedule(() -> start("a walk that was lost", afterLoss), hopTimeout.toNanos() * 2,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** No candidate took a message this node sent: an alert's initiator learns its walk is lost. */
    private void gaveUp(org.dispotify.ring.message.RingMessage message) {
        if (!(message instanceof Alert alert)) {
            return;
        }
        if (alert.walk().initiator().equals(host.selfEntry().nodeId())) {
            if (active != null && alert.walk().equals(active.id)) {
                abandon("no member took it on", true);
            }
        } else {
            // Not taken on, or this node is rejoining with the hop still waiting: either way the walk is lost.
            dropped(alert, "no member after " + host.selfEntry().nodeId() + " took it on");
        }
    }

    public void onHopAck(HopAck ack) {
        hops.acknowledged(ack.hopId());
    }

    /** Forgets walks under way, as for a node that rejoins. */
    public void reset() {
        completions++;
        if (active != null) {
            host.event(RingEvent.Type.WALK_ABANDONED, active.id.initiator(), active.id + " reset");
            active.timeout.dispose();
        }
        active = null;
        hops.clear();
        walkAgain = false;
        urgentAgain = false;
        imbalanceOut = null;
        imbalanceTimeout.dispose();
        recountWhenBack = false;
        retry.dispose();
    }

    private void complete(Walk walk) {
        long completion = ++completions;
        active = null;
        walk.timeout.dispose();
        MemberEntry me = host.selfEntry();
        Map<String, WalkEntry> members = new LinkedHashMap<>();
        members.put(me.nodeId(), entry(me));
        for (int i = 0; i < walk.segments; i++) {
            walk.reports.getOrDefault(i, List.of()).forEach(e -> members.putIfAbsent(e.nodeId(), e));
        }
        int data = (int) members.values().stream().filter(e -> e.role() == Role.DATA).count();
        int routers = members.size() - data;
        long pinned = members.values().stream().filter(WalkEntry::pinned).count();
        String self = me.nodeId();
        log.info("ring: alert walk {} ({}) finished at {} after {} segment(s): {} members, {} data, {} routers, {} pinned",
                walk.id, walk.cause, self, walk.segments, members.size(), data, routers, pinned);
        host.event(RingEvent.Type.WALK_FINISHED, self,
                walk.id + " members=" + members.size() + " data=" + data + " routers=" + routers);
        // A hop that sent no receipt in time is skipped (HopSender), so a slow link (one just redialled after
        // a partition, a loaded machine) can leave a live member out of the count. Acting on that count would
        // fill a deficit that is not there; walk once more instead, and otherwise leave it to the next check.
        List<String> missed = host.liveAfterSelf().stream().map(MemberEntry::nodeId)
                .filter(id -> !members.containsKey(id)).toList();
        if (!missed.isEmpty()) {
            log.info("ring: alert walk {} missed {}, which {} holds live: not acting on a partial count{}", walk.id,
                    missed.size() > 8 ? missed.size() + " members" : missed, self, retriedPartial ? "" : "; walking again");
            if (!retriedPartial) {
                retriedPartial = true;
                walkAgain = true;
                urgentAgain |= walk.afterLoss;
            }
            again();
            return;
        }
        retriedPartial = false;
        Optional<ImbalancePolicy.Deficit> found = ImbalancePolicy.evaluate(data, routers);
        if (found.isEmpty()) {
            again();
            return;
        }
        ImbalancePolicy.Deficit deficit = found.get();
        if (imbalanceOut != null) {
            log.info("ring: {} counted {} data, {} routers while its imbalance {} is still out; counting again once it is back",
                    self, data, routers, imbalanceOut);
            recountWhenBack = true;
            again();
            return;
        }
        host.mayRebalance(walk.afterLoss).subscribe(now -> {
            if (now && completion == completions && imbalanceOut == null) {
                sendImbalance(walk.id, deficit, data, routers, members.values());
            }
            again();
        });
    }

    private void sendImbalance(WalkId id, ImbalancePolicy.Deficit deficit, int data, int routers,
            java.util.Collection<WalkEntry> counted) {
        String self = host.selfEntry().nodeId();
        log.info("ring: imbalance {}: {} data, {} routers; {} more {} node(s) needed", id, data, routers,
                deficit.count(), deficit.needed().label());
        host.event(RingEvent.Type.IMBALANCE, self, id + " needs " + deficit.count() + " " + deficit.needed().label());
        Role giving = deficit.needed() == Role.DATA ? Role.ROUTER : Role.DATA;
        Map<String, WalkEntry> byId = new LinkedHashMap<>();
        counted.forEach(e -> byId.put(e.nodeId(), e));
        List<Peer> candidates = new ArrayList<>();
        for (MemberEntry member : host.liveAfterSelf()) {
            WalkEntry seenAs = byId.get(member.nodeId());
            if (seenAs != null && seenAs.role() == giving && !seenAs.pinned()
                    && candidates.size() < deficit.count() + SPARE_CANDIDATES) {
                candidates.add(seenAs.peer());
            }
        }
        imbalanceOut = id;
        imbalanceTimeout.dispose();
        imbalanceTimeout = scheduler.schedule(() -> {
            if (id.equals(imbalanceOut)) {
                // Given up on the way (a member did not answer, and the message goes to no one else): whether
                // that member switched, only a fresh count can tell.
                log.info("ring: imbalance {} did not come back to {}; counting again", id, self);
                recountWhenBack = true;
                imbalanceBack();
            }
        }, hopTimeout.toNanos() * 3 * (candidates.size() + 2), TimeUnit.NANOSECONDS);
        Imbalance first = new Imbalance(host.selfEntry().peer(), id, self, deficit.needed(), deficit.count(), data,
                routers, 0, List.of(), List.of(), candidates);
        passOn(consider(first));
    }

    private void imbalanceBack() {
        imbalanceOut = null;
        imbalanceTimeout.dispose();
        if (recountWhenBack) {
            recountWhenBack = false;
            start("recount after an imbalance");
        }
    }

    private void again() {
        if (walkAgain && active == null) {
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
                    message.remaining(), message.data(), message.routers(), message.hops(), visited, message.switched(),
                    message.candidates());
        }
        switchedFor.add(message.deficit());
        int data = message.data() + (message.needed() == Role.DATA ? 1 : -1);
        int routers = message.routers() + (message.needed() == Role.ROUTER ? 1 : -1);
        log.info("ring: {} gives up the {} role for imbalance {} and becomes {} ({} more needed)", self.nodeId(),
                mine.label(), message.deficit(), message.needed().label(), message.remaining() - 1);
        host.switchRole(message.needed(), message.deficit(), () -> retry(message));
        return new Imbalance(self.peer(), message.deficit(), message.origin(), message.needed(),
                message.remaining() - 1, data, routers, message.hops(), visited,
                append(message.switched(), self.nodeId()), message.candidates());
    }

    /** Our switch failed (a handover error): ask the rest of the ring for one more member instead. */
    private void retry(Imbalance message) {
        MemberEntry self = host.selfEntry();
        log.warn("ring: {} could not switch for imbalance {}; asking the next members", self.nodeId(),
                message.deficit());
        passOn(new Imbalance(self.peer(), message.deficit(), self.nodeId(), message.needed(), 1, message.data(),
                message.routers(), 0, List.of(self.nodeId()), List.of()));
    }

    private void dropped(Alert alert, String reason) {
        Peer initiator = alert.ring().isEmpty() ? null : alert.ring().get(0);
        if (initiator != null && initiator.nodeId().equals(alert.walk().initiator())) {
            host.send(initiator, new WalkDropped(host.selfEntry().peer(), alert.walk(), alert.segment(), reason));
        }
    }

    private void passOn(Alert alert) {
        Alert next = new Alert(host.selfEntry().peer(), alert.walk(), alert.cause(), alert.hops() + 1,
                alert.visited(), alert.ring(), alert.segment());
        List<String> visited = alert.visited().stream().map(WalkEntry::nodeId).toList();
        String initiator = alert.walk().initiator();
        Predicate<Peer> eligible = eligible(visited, initiator);
        // Along the carried stretch after this member, skipping members held dead here; then back to the
        // initiator (the stretch's first entry), whose receipt ends the segment.
        List<Peer> route = alert.ring();
        String self = host.selfEntry().nodeId();
        int at = 0;
        for (int i = 1; i < route.size(); i++) {
            if (route.get(i).nodeId().equals(self)) {
                at = i;
            }
        }
        List<Peer> candidates = new ArrayList<>();
        for (int i = at + 1; i < route.size(); i++) {
            Peer p = route.get(i);
            if (eligible.test(p) && !p.nodeId().equals(initiator) && !host.heldDead(p.nodeId())) {
                candidates.add(p);
            }
        }
        if (!route.isEmpty() && eligible.test(route.get(0))) {
            candidates.add(route.get(0));
        }
        log.debug("ring: {} passes {} on to one of {}", self, hopId(next), candidates);
        hops.send(hopId(next), next, candidates, eligible);
    }

    private void passOn(Imbalance message) {
        Imbalance next = new Imbalance(host.selfEntry().peer(), message.deficit(), message.origin(), message.needed(),
                message.remaining(), message.data(), message.routers(), message.hops() + 1, message.visited(),
                message.switched(), message.candidates());
        Predicate<Peer> eligible = eligible(message.visited(), message.origin());
        Optional<Peer> target;
        if (!message.candidates().isEmpty() || message.remaining() == 0) {
            // Skip ahead to the next member the count found able to switch while switches are still needed;
            // then home (the origin, as this node knows it).
            target = message.remaining() == 0 ? Optional.empty() : message.candidates().stream()
                    .filter(eligible)
                    .filter(p -> !p.nodeId().equals(message.origin()) && !host.heldDead(p.nodeId()))
                    .findFirst();
            if (target.isEmpty()) {
                target = host.member(message.origin()).filter(MemberEntry::live).map(MemberEntry::peer)
                        .filter(p -> !p.nodeId().equals(host.selfEntry().nodeId()));
            }
        } else {
            target = host.liveAfterSelf().stream().map(MemberEntry::peer).filter(eligible).findFirst();
        }
        if (target.isEmpty()) {
            if (message.origin().equals(host.selfEntry().nodeId())) {
                // The origin filled the deficit itself, or found no one else to ask: it ends here, not by a timeout.
                ended(message);
                return;
            }
            log.info("ring: {} has no one to pass imbalance {} to", host.selfEntry().nodeId(), message.deficit());
            return;
        }
        hops.sendOnly(hopId(next), next, target.get());
    }

    /** The initiator's live members after it, cut into stretches of at most {@code segmentLength}, evenly. */
    private List<List<Peer>> segments(List<MemberEntry> after) {
        if (after.isEmpty()) {
            return List.of();
        }
        int count = (after.size() + segmentLength - 1) / segmentLength;
        List<List<Peer>> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) after.size() * i / count);
            int to = (int) ((long) after.size() * (i + 1) / count);
            List<Peer> segment = new ArrayList<>(to - from + 1);
            segment.add(host.selfEntry().peer());
            after.subList(from, to).forEach(m -> segment.add(m.peer()));
            segments.add(segment);
        }
        return segments;
    }

    private Predicate<Peer> eligible(List<String> visited, String terminal) {
        String self = host.selfEntry().nodeId();
        return peer -> !peer.nodeId().equals(self)
                && (peer.nodeId().equals(terminal) || !visited.contains(peer.nodeId()));
    }

    static String hopId(Alert alert) {
        return "alert " + alert.walk() + " s" + alert.segment() + " #" + alert.hops();
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

    /** A walk this node started: how many segments went out, and what came back of each. */
    private static final class Walk {
        final WalkId id;
        final String cause;
        final boolean afterLoss;
        final int segments;
        final Map<Integer, List<WalkEntry>> reports = new LinkedHashMap<>();
        Disposable timeout = () -> { };

        Walk(WalkId id, String cause, boolean afterLoss, int segments) {
            this.id = id;
            this.cause = cause;
            this.afterLoss = afterLoss;
            this.segments = segments;
        }

        WalkId id() {
            return id;
        }
    }
}
