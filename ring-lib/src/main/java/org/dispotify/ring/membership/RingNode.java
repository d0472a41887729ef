package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.dispotify.ring.config.RingProperties;
import org.dispotify.ring.detector.DetectorHost;
import org.dispotify.ring.detector.FailureDetector;
import org.dispotify.ring.link.Inbound;
import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.message.RingMessage.Ack;
import org.dispotify.ring.message.RingMessage.Alert;
import org.dispotify.ring.message.RingMessage.Gossip;
import org.dispotify.ring.message.RingMessage.HopAck;
import org.dispotify.ring.message.RingMessage.Imbalance;
import org.dispotify.ring.message.RingMessage.IndirectAck;
import org.dispotify.ring.message.RingMessage.Join;
import org.dispotify.ring.message.RingMessage.JoinAccepted;
import org.dispotify.ring.message.RingMessage.JoinRejected;
import org.dispotify.ring.message.RingMessage.Leave;
import org.dispotify.ring.message.RingMessage.Ping;
import org.dispotify.ring.message.RingMessage.PingReq;
import org.dispotify.ring.message.RingMessage.Sync;
import org.dispotify.ring.message.WalkId;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.view.RingView;
import org.dispotify.ring.walk.ImbalancePolicy;
import org.dispotify.ring.walk.RoleSwitcher;
import org.dispotify.ring.walk.WalkCoordinator;
import org.dispotify.ring.walk.WalkHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One ring member: join, membership, failure detection, walks and role switches. All state is
 * owned by one single-threaded {@link Scheduler}: inbound messages {@code publishOn} it and every
 * timer runs on it, so nothing here takes a lock. Other threads see the ring through the immutable
 * {@link #snapshot()} and the {@link #events()} flux.
 * <p>
 * Membership spreads three ways: changes are flooded to ring neighbours at once (each member
 * forwards only what was news to it); every ping and ack carries a digest of the member list, and a
 * mismatch triggers a full sync; and every discovery interval the ring is compared with the name
 * service, which merges rings that formed apart (e.g. nodes that started at the same moment).
 */
public final class RingNode implements RingView, Inbound {

    private static final Logger log = LoggerFactory.getLogger(RingNode.class);
    private static final int JOIN_ROUNDS = 3;
    private static final Duration SYNC_COOLDOWN = Duration.ofSeconds(1);
    /** Probe rounds between a merge and the walk that rebalances the merged ring. */
    private static final int MERGE_SETTLE_ROUNDS = 4;
    /** How soon a balance check walks again for a view it already walked for. */
    private static final Duration BALANCE_RECHECK = Duration.ofSeconds(30);

    private enum State { IDLE, JOINING, JOINED, STOPPED }

    private final Peer self;
    private final CurrentRole role;
    private final RingProperties properties;
    private final Transport transport;
    private final Directory directory;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final RingMetrics metrics;
    private final RoleSwitcher switcher;
    private final FailureDetector detector;
    private final WalkCoordinator walks;
    private final Sinks.Many<RingEvent> events = Sinks.many().multicast().directBestEffort();
    private final Map<String, Long> lastSyncTo = new HashMap<>();
    private Random random = new Random();

    private volatile State state = State.IDLE;
    private Membership membership;
    private long incarnation;
    private boolean switching;
    private Role switchingTo;
    private boolean rejoining;
    private Peer rejoinThrough;
    private List<Peer> contacts = List.of();
    private int contactIndex;
    private int joinRound;
    private long joinAttempt;
    private Disposable nextTick = () -> { };
    private Disposable nextDiscovery = () -> { };
    private Disposable mergeWalk = () -> { };
    /** The view digest of the last balance check that started a walk, and when (clock nanos). */
    private long balanceChecked;
    private long balanceCheckedAt;
    /** When (clock nanos) a member last arrived in this node's view (a join, a merge, its own join). */
    private long lastArrival;
    /** Since when (clock nanos) the name service has listed each member this ring has not seen. */
    private final Map<String, Long> unseenSince = new HashMap<>();
    private Disposable heldWalk = () -> { };
    private volatile RingSnapshot snapshot;

    public RingNode(Peer self, CurrentRole role, RingProperties properties, Transport transport, Directory directory,
            RoleSwitcher switcher, Scheduler scheduler, LongSupplier nanoClock, RingMetrics metrics) {
        this.self = self;
        this.role = role;
        this.properties = properties;
        this.transport = new CountingTransport(transport, metrics);
        this.directory = directory;
        this.switcher = switcher;
        this.scheduler = scheduler;
        this.clock = nanoClock;
        this.metrics = metrics;
        this.membership = new Membership(entry(0.0, 0, MemberStatus.ALIVE));
        this.detector = new FailureDetector(new Detection(), scheduler, nanoClock, metrics, properties.probeInterval(),
                properties.probeTimeout(), properties.suspicionTimeout(), properties.indirectProbes());
        this.walks = new WalkCoordinator(new Walking(), scheduler, properties.walkHopLimit(), properties.hopTimeout());
        this.snapshot = new RingSnapshot(self.nodeId(), role.get().label(), null, List.of(), List.of());
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Joins the ring through the name service's members, or forms a ring of one. Returns at once. */
    public void start() {
        scheduler.schedule(() -> {
            if (state == State.IDLE) {
                beginJoin();
            }
        });
    }

    /** Leaves cleanly: tells the neighbours (who then treat this node as dead at once) and closes the links. */
    public void stop() {
        Mono.fromRunnable(() -> {
                    if (state == State.JOINED) {
                        Leave leave = new Leave(self, incarnation);
                        neighbours().forEach(peer -> transport.send(peer, leave));
                        log.info("ring: {} leaves the ring", self.nodeId());
                    }
                    halt();
                })
                .subscribeOn(scheduler)
                .timeout(Duration.ofSeconds(2))
                .onErrorComplete()
                .block(Duration.ofSeconds(3));
        transport.close();
    }

    /** Stops without telling anyone, as a crash would (for fault drills and tests). */
    public void halt() {
        state = State.STOPPED;
        nextTick.dispose();
        nextDiscovery.dispose();
        mergeWalk.dispose();
        heldWalk.dispose();
        walks.reset();
        events.tryEmitComplete();
    }

    /** Starts an alert walk from this node now (also what a dead verdict does). */
    public void startWalk(String cause) {
        scheduler.schedule(() -> {
            if (state == State.JOINED) {
                walks.start(cause);
            }
        });
    }

    public Peer self() {
        return self;
    }

    /** Seeds the choice of contacts, so tests on virtual time are repeatable. */
    void random(Random seeded) {
        this.random = seeded;
    }

    /** The scheduler that owns this node's ring state. */
    public Scheduler scheduler() {
        return scheduler;
    }

    public boolean joined() {
        return snapshot.members().stream().anyMatch(m -> m.nodeId().equals(self.nodeId()));
    }

    @Override
    public RingSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public Flux<RingEvent> events() {
        return events.asFlux();
    }

    // ---- inbound ---------------------------------------------------------------------------

    @Override
    public Mono<Void> receive(Flux<RingMessage> messages) {
        return messages.publishOn(scheduler).doOnNext(message -> {
            metrics.received(message);
            dispatch(message);
        }).then();
    }

    private void dispatch(RingMessage message) {
        try {
            if (state == State.STOPPED || state == State.IDLE) {
                return;
            }
            if (message instanceof JoinAccepted accepted) {
                joinAccepted(accepted);
            } else if (message instanceof JoinRejected rejected) {
                joinRejected(rejected);
            } else if (state != State.JOINED) {
                if (message instanceof Join join) {
                    transport.send(join.from(), new JoinRejected(self, "joining the ring itself"));
                }
            } else if (message instanceof Ping ping) {
                ping(ping);
            } else if (message instanceof Ack ack) {
                detector.onAck(ack);
                syncIfDifferent(ack.from(), ack.digest());
            } else if (message instanceof PingReq request) {
                detector.onPingReq(request);
            } else if (message instanceof IndirectAck ack) {
                detector.onIndirectAck(ack);
            } else if (message instanceof Join join) {
                join(join);
            } else if (message instanceof Gossip gossip) {
                if (!standsAgainst(gossip.updates(), gossip.from())) {
                    merge(gossip.updates(), gossip.from());
                }
            } else if (message instanceof Sync sync) {
                sync(sync);
            } else if (message instanceof Leave leave) {
                leave(leave);
            } else if (message instanceof Alert alert) {
                walks.onAlert(alert);
            } else if (message instanceof Imbalance imbalance) {
                walks.onImbalance(imbalance);
            } else if (message instanceof HopAck ack) {
                walks.onHopAck(ack);
            }
        } catch (RuntimeException e) {
            log.warn("ring: {} could not handle {} from {}", self.nodeId(), message.getClass().getSimpleName(),
                    message.from().nodeId(), e);
        }
    }

    // ---- join ------------------------------------------------------------------------------

    private void beginJoin() {
        state = State.JOINING;
        directory.members()
                .timeout(properties.joinTimeout())
                .onErrorResume(e -> {
                    log.warn("ring: {} cannot reach the name service ({}); trying alone", self.nodeId(), e.toString());
                    return Mono.just(List.of());
                })
                .publishOn(scheduler)
                .subscribe(this::contact);
    }

    private void contact(List<Peer> found) {
        if (state != State.JOINING) {
            return;
        }
        List<Peer> others = new ArrayList<>(found.stream().filter(p -> !p.nodeId().equals(self.nodeId())).toList());
        Collections.shuffle(others, random);
        Peer first = rejoinThrough;
        rejoinThrough = null;
        if (first != null && !first.nodeId().equals(self.nodeId())) {
            others.removeIf(p -> p.nodeId().equals(first.nodeId()));
            others.add(0, first);
        }
        contacts = others;
        contactIndex = 0;
        if (others.isEmpty()) {
            formAlone();
        } else {
            nextContact();
        }
    }

    private void nextContact() {
        if (state != State.JOINING) {
            return;
        }
        if (contactIndex >= contacts.size()) {
            if (++joinRound >= JOIN_ROUNDS) {
                log.warn("ring: {} found no live member among {}; forming a ring of one (discovery will merge)",
                        self.nodeId(), contacts.stream().map(Peer::nodeId).toList());
                formAlone();
                return;
            }
            scheduler.schedule(this::beginJoin, properties.joinTimeout().toMillis() / 2 * joinRound, TimeUnit.MILLISECONDS);
            return;
        }
        Peer contact = contacts.get(contactIndex++);
        long attempt = ++joinAttempt;
        incarnation++;
        transport.send(contact, new Join(self, role.get(), role.pinned(), incarnation));
        scheduler.schedule(() -> {
            if (state == State.JOINING && joinAttempt == attempt) {
                log.info("ring: {} got no answer from {} to its join; trying another member", self.nodeId(),
                        contact.nodeId());
                nextContact();
            }
        }, properties.joinTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void joinRejected(JoinRejected rejected) {
        if (state == State.JOINING) {
            log.info("ring: {} was turned away by {} ({})", self.nodeId(), rejected.from().nodeId(), rejected.reason());
            joinAttempt++;
            nextContact();
        }
    }

    private void joinAccepted(JoinAccepted accepted) {
        MemberEntry you = accepted.you();
        if (state != State.JOINING || !you.nodeId().equals(self.nodeId()) || you.incarnation() < incarnation) {
            return;
        }
        long now = clock.getAsLong();
        incarnation = you.incarnation();
        membership = new Membership(entry(you.position(), incarnation, MemberStatus.ALIVE));
        accepted.members().forEach(member -> membership.merge(member, now));
        state = State.JOINED;
        log.info("ring: {} joined through {} as {} ({} live members; successors {})", self.nodeId(),
                accepted.from().nodeId(), role.get().label(), membership.liveCount(),
                membership.successors(properties.successors()).stream().map(MemberEntry::nodeId).toList());
        event(RingEvent.Type.JOINED, self.nodeId(), "through " + accepted.from().nodeId());
        running();
        if (rejoining) {
            rejoining = false;
            takeCleanRole();
        }
    }

    private void formAlone() {
        double position = (self.nodeId().hashCode() & 0x7fffffff) / (double) (1L << 31);
        membership = new Membership(entry(position, ++incarnation, MemberStatus.ALIVE));
        state = State.JOINED;
        rejoining = false;
        log.info("ring: {} forms a ring of one as {}", self.nodeId(), role.get().label());
        event(RingEvent.Type.JOINED, self.nodeId(), "ring of one");
        running();
    }

    private void running() {
        lastArrival = clock.getAsLong();
        detector.reset();
        scheduleTick();
        scheduleDiscovery();
        relink();
        publish();
    }

    /** A contact inserts the newcomer right after itself and tells the ring. */
    private void join(Join join) {
        Peer newcomer = join.from();
        if (newcomer.nodeId().equals(self.nodeId())) {
            return;
        }
        if (!inMajority() && membership.get(newcomer.nodeId()).map(MemberEntry::live).orElse(false)) {
            // A member of this (minority) ring asks to join: a ring this node cannot see declared it dead, so
            // that is the ring it belongs in. Taken in here, it would rebuild the minority under new
            // incarnations that the majority then believes, dead verdicts about itself included.
            log.info("ring: {} turns {} away: only {} of {} members are live here, and it was declared dead by the rest",
                    self.nodeId(), newcomer.nodeId(), membership.liveCount(), membership.all().size());
            transport.send(newcomer, new JoinRejected(self, "cut off from most of the ring"));
            return;
        }
        long inc = membership.get(newcomer.nodeId())
                .map(known -> Math.max(join.incarnation(), known.incarnation() + 1))
                .orElse(join.incarnation());
        MemberEntry entry = new MemberEntry(newcomer.nodeId(), newcomer.host(), newcomer.port(), join.role(),
                join.pinned(), membership.positionForNewcomer(), inc, MemberStatus.ALIVE);
        membership.merge(entry, clock.getAsLong());
        lastArrival = clock.getAsLong();
        log.info("ring: {} inserts {} ({}) as its successor", self.nodeId(), newcomer.nodeId(), join.role().label());
        event(RingEvent.Type.JOINED, newcomer.nodeId(), "inserted after " + self.nodeId());
        transport.send(newcomer, new JoinAccepted(self, entry, membership.all()));
        flood(List.of(entry), null);
        relink();
        publish();
        // Joins follow the ratio rule already; the walk double-checks (e.g. after simultaneous starts).
        walks.start("join of " + newcomer.nodeId());
    }

    /** Learnt that the ring declared this node dead: start over with a higher incarnation. */
    private void rejoin(MemberEntry verdict, Peer from) {
        log.info("ring: {} was declared dead by the ring (incarnation {}); rejoining", self.nodeId(),
                verdict.incarnation());
        nextTick.dispose();
        nextDiscovery.dispose();
        walks.reset();
        detector.reset();
        incarnation = Math.max(incarnation, verdict.incarnation()) + 1;
        rejoining = true;
        // The member that delivered the verdict is in the ring that reached it: asked first, it keeps a node
        // of a healed partition's minority from rejoining through another minority member.
        rejoinThrough = from;
        joinRound = 0;
        membership = new Membership(entry(0.0, incarnation, MemberStatus.ALIVE));
        publish();
        beginJoin();
    }

    /** After a rejoin, an auto-role node takes the role the ratio gives a newcomer to this ring. */
    private void takeCleanRole() {
        if (role.pinned() || !inMajority()) {
            return;
        }
        List<MemberEntry> others = membership.ring().stream().filter(m -> !m.nodeId().equals(self.nodeId())).toList();
        int data = (int) others.stream().filter(m -> m.role() == Role.DATA).count();
        Role wanted = RoleRatio.roleForNewcomer(data, others.size() - data);
        if (wanted != role.get() && !switching) {
            log.info("ring: {} rejoined as {} but the ring needs a {}; switching", self.nodeId(), role.get().label(),
                    wanted.label());
            switchRole(wanted, null, () -> { });
        }
    }

    // ---- membership ------------------------------------------------------------------------

    private void ping(Ping ping) {
        if (!ping.target().equals(self.nodeId())) {
            return;
        }
        Optional<MemberEntry> sender = membership.get(ping.from().nodeId());
        if (sender.isPresent() && !sender.get().live()) {
            // The sender missed its own death verdict: tell it, so it rejoins instead of lingering.
            transport.send(ping.from(), new Gossip(self, List.of(sender.get())));
            return;
        }
        transport.send(ping.from(), new Ack(self, ping.seq(), membership.digest()));
    }

    private void sync(Sync sync) {
        if (standsAgainst(sync.members(), sync.from())) {
            return;
        }
        if (merge(sync.members(), sync.from()) > 0 && state == State.JOINED) {
            balanceAfterMerge(sync.from());
        }
        if (sync.reply()) {
            lastSyncTo.put(sync.from().nodeId(), clock.getAsLong());
            transport.send(sync.from(), new Sync(self, membership.all(), false));
        }
    }

    /**
     * A healed partition: the sender is a member this node had lost (held dead, or already forgotten)
     * and its list says this node is dead, as each side of a split declares the other dead. The side
     * that kept a majority of the ring stands: it tells the sender the verdict about the sender instead
     * of taking the sender's about itself, so only the minority rejoins (with a clean role), and the
     * majority's roles and links stay as they are. Without a majority (an even split), it yields.
     */
    private boolean standsAgainst(List<MemberEntry> said, Peer from) {
        String sender = from.nodeId();
        Optional<MemberEntry> known = membership.get(sender);
        if (state != State.JOINED || known.map(MemberEntry::live).orElse(false) || !inMajority()) {
            return false;
        }
        boolean saysImDead = said.stream().anyMatch(m -> m.nodeId().equals(self.nodeId())
                && m.status() == MemberStatus.DEAD && m.incarnation() >= membership.self().incarnation());
        if (!saysImDead) {
            return false;
        }
        // The sender's own entry if it sent one (a sync does), else the one held here (gossip).
        Optional<MemberEntry> senderSays = said.stream().filter(m -> m.nodeId().equals(sender)).findFirst().or(() -> known);
        if (senderSays.isEmpty()) {
            return false;
        }
        MemberEntry verdict = senderSays.get().withStatus(MemberStatus.DEAD);
        log.info("ring: {} keeps a majority ({} of {} members live) and stands: {}, which it had lost, says it is dead; "
                + "telling {} it was declared dead instead", self.nodeId(), membership.liveCount(), membership.all().size(),
                sender, sender);
        transport.send(from, new Gossip(self, List.of(verdict)));
        return true;
    }

    /**
     * Whether this node sees more than half of the members it knows (the dead not yet purged count):
     * a node cut off with a minority cannot tell a partition from a mass crash, so it switches no role
     * until the ring is whole again or the dead are purged ({@code dead-retention}).
     */
    private boolean inMajority() {
        return membership.liveCount() * 2 > membership.all().size();
    }

    private void syncIfDifferent(Peer peer, long theirDigest) {
        long now = clock.getAsLong();
        Long last = lastSyncTo.get(peer.nodeId());
        if (theirDigest != membership.digest() && (last == null || now - last > SYNC_COOLDOWN.toNanos())) {
            lastSyncTo.put(peer.nodeId(), now);
            transport.send(peer, new Sync(self, membership.all(), true));
        }
    }

    /** Merges what a peer says; floods on whatever was news here. Returns how many members were new here. */
    private int merge(List<MemberEntry> updates, Peer from) {
        long now = clock.getAsLong();
        List<MemberEntry> news = new ArrayList<>();
        int added = 0;
        for (MemberEntry update : updates) {
            if (update.nodeId().equals(self.nodeId())) {
                if (aboutMe(update, from)) {
                    return 0;
                }
                continue;
            }
            Membership.Change change = membership.merge(update, now);
            if (change != Membership.Change.NONE) {
                news.add(update);
                changed(change, update, from);
                added += change == Membership.Change.ADDED ? 1 : 0;
            }
        }
        if (!news.isEmpty()) {
            flood(news, from);
            relink();
            publish();
        }
        return added;
    }

    /**
     * A sync brought members this ring did not know: two rings that formed apart (nodes started at
     * the same moment) are merging. Walks in the partial rings balanced each part, not the whole, so
     * once the merged membership has spread (a few probe rounds), a walk counts the whole ring again.
     * Both sides of a merge may start one; of concurrent walks only the lowest completes.
     */
    private void balanceAfterMerge(Peer from) {
        mergeWalk.dispose();
        mergeWalk = scheduler.schedule(() -> {
            if (state == State.JOINED) {
                walks.start("merge with the ring of " + from.nodeId());
            }
        }, properties.probeInterval().multipliedBy(MERGE_SETTLE_ROUNDS).toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Handles gossip about this node; true if the node is rejoining (the rest of the message is moot). */
    private boolean aboutMe(MemberEntry said, Peer from) {
        MemberEntry me = membership.self();
        if (said.incarnation() < me.incarnation()) {
            return false;
        }
        if (said.status() == MemberStatus.DEAD) {
            rejoin(said, from);
            return true;
        }
        if (detector.pausedPastConviction()) {
            // Silent longer than any suspicion lasts: the ring has declared this node dead, even if that
            // verdict is still on its way here behind older news. Refuting would resurrect the old
            // incarnation (and its old role) over the verdict; rejoin instead, with a clean role.
            log.info("ring: {} was paused past the suspicion timeout; treating itself as declared dead", self.nodeId());
            rejoin(said, from);
            return true;
        }
        if (said.status() == MemberStatus.SUSPECT || said.incarnation() > me.incarnation()) {
            incarnation = said.incarnation() + 1;
            MemberEntry refuted = me.withIncarnation(incarnation, MemberStatus.ALIVE);
            membership.replaceSelf(refuted);
            log.info("ring: {} refutes a suspicion of itself (incarnation {})", self.nodeId(), incarnation);
            event(RingEvent.Type.REFUTED, self.nodeId(), "incarnation " + incarnation);
            flood(List.of(refuted), null);
            publish();
        }
        return false;
    }

    private void changed(Membership.Change change, MemberEntry entry, Peer from) {
        String id = entry.nodeId();
        switch (change) {
            case ADDED -> {
                lastArrival = clock.getAsLong();
                log.info("ring: {} learns that {} joined as {}", self.nodeId(), id, entry.role().label());
                event(RingEvent.Type.JOINED, id, "reported by " + from.nodeId());
            }
            case SUSPECTED -> {
                log.info("ring: {} hears that {} is suspect (from {})", self.nodeId(), id, from.nodeId());
                event(RingEvent.Type.SUSPECTED, id, "reported by " + from.nodeId());
            }
            case RECOVERED -> {
                detector.clear(id);
                log.info("ring: {} sees {} alive again (incarnation {})", self.nodeId(), id, entry.incarnation());
                event(RingEvent.Type.ALIVE, id, "incarnation " + entry.incarnation());
            }
            case DIED -> {
                detector.clear(id);
                transport.forget(id);
                log.info("ring: {} hears that {} is dead (from {})", self.nodeId(), id, from.nodeId());
                event(RingEvent.Type.DEAD, id, "reported by " + from.nodeId());
            }
            case UPDATED -> log.debug("ring: {} updates {} to {}", self.nodeId(), id, entry);
            default -> { }
        }
    }

    private void leave(Leave leave) {
        String id = leave.from().nodeId();
        Optional<MemberEntry> known = membership.get(id).filter(MemberEntry::live);
        if (known.isEmpty()) {
            return;
        }
        boolean successor = firstSuccessor().map(s -> s.nodeId().equals(id)).orElse(false);
        MemberEntry gone = known.get().withIncarnation(Math.max(known.get().incarnation(), leave.incarnation()),
                MemberStatus.DEAD);
        membership.merge(gone, clock.getAsLong());
        detector.clear(id);
        transport.forget(id);
        log.info("ring: {} sees {} leave the ring", self.nodeId(), id);
        event(RingEvent.Type.LEFT, id, "left cleanly");
        flood(List.of(gone), leave.from());
        relink();
        publish();
        if (successor) {
            deregister(gone);
            walks.start("leave of " + id, true);
        }
    }

    private void flood(List<MemberEntry> news, Peer except) {
        Gossip gossip = new Gossip(self, news);
        for (Peer peer : neighbours()) {
            boolean subjectDead = news.stream().anyMatch(e -> e.nodeId().equals(peer.nodeId()) && !e.live());
            if ((except == null || !peer.nodeId().equals(except.nodeId())) && !subjectDead) {
                transport.send(peer, gossip);
            }
        }
    }

    private List<Peer> neighbours() {
        Map<String, Peer> out = new LinkedHashMap<>();
        membership.predecessor().ifPresent(p -> out.put(p.nodeId(), p.peer()));
        membership.successors(properties.successors()).forEach(s -> out.putIfAbsent(s.nodeId(), s.peer()));
        out.remove(self.nodeId());
        return new ArrayList<>(out.values());
    }

    private Optional<MemberEntry> firstSuccessor() {
        return membership.successors(1).stream().findFirst();
    }

    private void relink() {
        transport.retain(neighbours());
    }

    private void deregister(MemberEntry dead) {
        directory.deregister(dead.role(), dead.nodeId())
                .timeout(Duration.ofSeconds(5))
                .subscribe(done -> { }, e -> log.warn("ring: could not remove {} from the name service: {}",
                        dead.nodeId(), e.toString()));
    }

    // ---- timers ----------------------------------------------------------------------------

    private void scheduleTick() {
        nextTick.dispose();
        nextTick = scheduler.schedule(this::tick, properties.probeInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (state != State.JOINED) {
            return;
        }
        scheduleTick();
        detector.tick();
        if (state != State.JOINED) {
            return;
        }
        boolean hadMajority = inMajority();
        if (membership.purge(clock.getAsLong(), properties.deadRetention()) > 0) {
            publish();
            if (!hadMajority && inMajority()) {
                // The imbalance this minority declined to fix was real after all (the dead stayed dead).
                walks.start("purge of members dead for " + properties.deadRetention().toSeconds() + " s", true);
            }
        }
        relink();
    }

    private void scheduleDiscovery() {
        nextDiscovery.dispose();
        nextDiscovery = scheduler.schedule(this::discover, properties.discoveryInterval().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Members the name service knows and this node does not get a sync: how rings that formed apart merge. */
    private void discover() {
        if (state != State.JOINED) {
            return;
        }
        scheduleDiscovery();
        directory.members()
                .timeout(properties.discoveryInterval(), scheduler)
                .onErrorReturn(List.of())
                .publishOn(scheduler)
                .subscribe(found -> {
                    if (state != State.JOINED) {
                        return;
                    }
                    if (unseen(found).isEmpty()) {
                        checkBalance();
                    }
                    // Members held dead are synced with too: alive in the name service, they were cut off, not
                    // dead (a healed partition), and a sync is how the two sides learn it (see standsAgainst).
                    found.stream()
                            .filter(p -> !p.nodeId().equals(self.nodeId())
                                    && membership.get(p.nodeId()).map(m -> !m.live()).orElse(true))
                            .forEach(p -> {
                                log.info("ring: {} finds {} in the name service but not live in its ring; syncing",
                                        self.nodeId(), p.nodeId());
                                lastSyncTo.put(p.nodeId(), clock.getAsLong());
                                transport.send(p, new Sync(self, membership.all(), true));
                            });
                });
    }

    /**
     * Walks count the roles only when something happens (a join, a death, a merge), and a walk whose
     * hops time out on a loaded machine can miss a member and find a ring in balance that is not (seen
     * with five nodes started at once: 3 data + 2 routers counted as 2 + 2). So every discovery interval
     * the lowest live member holds its own view against the ratio and, if it is off, walks the ring to
     * count again: the walk decides, as always. The same view is checked again only after
     * {@code BALANCE_RECHECK}, so a deficit nobody can fill (pinned members) does not send a walk round
     * every interval, and a walk that missed a member again (the load persists) is still retried.
     */
    private void checkBalance() {
        if (switching || rejoining || walks.active().isPresent()) {
            return;
        }
        List<MemberEntry> live = membership.ring();
        boolean settled = live.stream().allMatch(m -> m.status() == MemberStatus.ALIVE);
        String lowest = live.stream().map(MemberEntry::nodeId).min(String::compareTo).orElse(self.nodeId());
        long digest = membership.digest();
        long now = clock.getAsLong();
        boolean checkedLately = digest == balanceChecked && now - balanceCheckedAt < BALANCE_RECHECK.toNanos();
        if (!settled || !lowest.equals(self.nodeId()) || checkedLately) {
            return;
        }
        int data = (int) live.stream().filter(m -> m.role() == Role.DATA).count();
        int routers = live.size() - data;
        if (ImbalancePolicy.evaluate(data, routers).isPresent()) {
            balanceChecked = digest;
            balanceCheckedAt = now;
            walks.start("balance check: this view has " + data + " data, " + routers + " routers");
        }
    }

    /**
     * Whether a deficit counted now may be acted on. Not while members are still arriving: nodes started
     * together (`dispotify up`) arrive over a few seconds, each in the role the ratio gives it in the whole
     * cluster, so a ring that has seen only some of them looks off the ratio and would switch a role that
     * the whole ring does not need, then switch another back once the rest arrive (two needless switches).
     * So a deficit waits until no member has arrived for {@code join-settle}, and while the name service
     * lists members this ring has never seen (they are starting, or forming a ring apart that discovery
     * will merge); then this node walks again and the fresh count decides. A listed member that never
     * shows up (a stale record) holds balancing for three discovery intervals at most. A deficit a loss
     * caused (a death, a leave) is real whoever else is arriving, so it does not wait for arrivals to settle.
     */
    private Mono<Boolean> mayRebalance(boolean afterLoss) {
        long now = clock.getAsLong();
        long settledAt = lastArrival + properties.joinSettle().toNanos();
        if (!afterLoss && now < settledAt) {
            log.info("ring: {} holds a deficit until members stop arriving ({} ms)", self.nodeId(),
                    (settledAt - now) / 1_000_000);
            walkAgainIn(settledAt - now, "members stopped arriving");
            return Mono.just(false);
        }
        return directory.members()
                .timeout(properties.discoveryInterval(), scheduler)
                .onErrorReturn(List.of())
                .publishOn(scheduler)
                .map(found -> {
                    if (state != State.JOINED) {
                        return false;
                    }
                    List<String> unseen = unseen(found);
                    if (unseen.isEmpty()) {
                        return true;
                    }
                    log.info("ring: {} holds a deficit: the name service lists {}, which this ring has not seen yet",
                            self.nodeId(), unseen);
                    walkAgainIn(properties.discoveryInterval().toNanos(), "members listed in the name service arrived");
                    return false;
                });
    }

    /** Members {@code found} in the name service that this ring has never held, less those listed too long to wait for. */
    private List<String> unseen(List<Peer> found) {
        long now = clock.getAsLong();
        long patience = properties.discoveryInterval().multipliedBy(3).toNanos();
        List<String> unseen = found.stream().map(Peer::nodeId)
                .filter(id -> !id.equals(self.nodeId()) && membership.get(id).isEmpty())
                .toList();
        unseenSince.keySet().retainAll(unseen);
        unseen.forEach(id -> unseenSince.putIfAbsent(id, now));
        return unseen.stream().filter(id -> now - unseenSince.get(id) < patience).toList();
    }

    private void walkAgainIn(long nanos, String cause) {
        heldWalk.dispose();
        heldWalk = scheduler.schedule(() -> {
            if (state == State.JOINED) {
                walks.start("held deficit, " + cause);
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    // ---- roles -----------------------------------------------------------------------------

    private void switchRole(Role next, WalkId deficit, Runnable onFailure) {
        Role from = role.get();
        switching = true;
        switchingTo = next;
        switcher.switchTo(next)
                .publishOn(scheduler)
                .subscribe(switched -> {
                    switching = false;
                    if (!switched) {
                        onFailure.run();
                        return;
                    }
                    incarnation++;
                    MemberEntry me = membership.self().withRole(next, incarnation);
                    membership.replaceSelf(me);
                    metrics.switchedRole();
                    log.info("ring: {} switched role {} -> {}{}", self.nodeId(), from.label(), next.label(),
                            deficit == null ? "" : " for imbalance " + deficit);
                    event(RingEvent.Type.ROLE_SWITCHED, self.nodeId(), from.label() + " -> " + next.label());
                    flood(List.of(me), null);
                    publish();
                }, e -> {
                    switching = false;
                    log.warn("ring: {} could not switch to {}: {}", self.nodeId(), next.label(), e.toString());
                    onFailure.run();
                });
    }

    // ---- view ------------------------------------------------------------------------------

    private void publish() {
        if (state != State.JOINED) {
            snapshot = new RingSnapshot(self.nodeId(), role.get().label(), null, List.of(), List.of());
            return;
        }
        List<MemberView> members = new ArrayList<>();
        membership.ring().forEach(m -> members.add(view(m)));
        membership.all().stream().filter(m -> !m.live()).forEach(m -> members.add(view(m)));
        String predecessor = membership.predecessor().map(MemberEntry::nodeId).orElse(null);
        List<String> successors = membership.successors(properties.successors()).stream().map(MemberEntry::nodeId).toList();
        snapshot = new RingSnapshot(self.nodeId(), role.get().label(), predecessor, successors, members);
        metrics.members(membership.liveCount());
    }

    private static MemberView view(MemberEntry m) {
        return new MemberView(m.nodeId(), m.host(), m.port(), m.role().label(), m.status().name());
    }

    private void event(RingEvent.Type type, String subject, String detail) {
        events.tryEmitNext(new RingEvent(type, self.nodeId(), subject, detail));
    }

    private MemberEntry entry(double position, long inc, MemberStatus status) {
        return new MemberEntry(self.nodeId(), self.host(), self.port(), role.get(), role.pinned(), position, inc, status);
    }

    // ---- the detector's and the walks' view of this node ----------------------------------

    private final class Detection implements DetectorHost {

        @Override
        public Peer self() {
            return self;
        }

        @Override
        public long digest() {
            return membership.digest();
        }

        @Override
        public Optional<MemberEntry> member(String nodeId) {
            return membership.get(nodeId);
        }

        @Override
        public List<MemberEntry> probeTargets() {
            List<MemberEntry> targets = new ArrayList<>();
            for (MemberEntry successor : membership.successors(properties.successors() + 1)) {
                targets.add(successor);
                if (successor.status() == MemberStatus.ALIVE) {
                    break;
                }
            }
            return targets;
        }

        @Override
        public List<Peer> helpers(String targetId, int count) {
            return neighbours().stream().filter(p -> !p.nodeId().equals(targetId)).limit(count).toList();
        }

        @Override
        public void send(Peer to, RingMessage message) {
            transport.send(to, message);
        }

        @Override
        public void suspect(String nodeId) {
            MemberEntry member = membership.get(nodeId).orElse(null);
            if (member == null || !member.live()) {
                return;
            }
            metrics.suspected();
            log.info("ring: {} suspects {}: no answer to direct or indirect probes", self.nodeId(), nodeId);
            if (member.status() == MemberStatus.ALIVE) {
                MemberEntry suspect = member.withStatus(MemberStatus.SUSPECT);
                membership.merge(suspect, clock.getAsLong());
                event(RingEvent.Type.SUSPECTED, nodeId, "no answer to probes");
                flood(List.of(suspect), null);
                publish();
            }
        }

        @Override
        public boolean refused(String nodeId) {
            return transport.refused(nodeId);
        }

        @Override
        public void convict(String nodeId, long silentNanos, boolean refused) {
            MemberEntry member = membership.get(nodeId).orElse(null);
            if (member == null || !member.live()) {
                return;
            }
            MemberEntry dead = member.withStatus(MemberStatus.DEAD);
            membership.merge(dead, clock.getAsLong());
            transport.forget(nodeId);
            metrics.declaredDead(Duration.ofNanos(silentNanos));
            log.info("ring: {} declares {} ({}) DEAD after {} ms without an answer{}", self.nodeId(), nodeId,
                    member.role().label(), silentNanos / 1_000_000, refused ? " (its port refuses connections)" : "");
            event(RingEvent.Type.DEAD, nodeId, "silent for " + silentNanos / 1_000_000 + " ms"
                    + (refused ? ", port refuses connections" : ""));
            flood(List.of(dead), null);
            deregister(dead);
            relink();
            publish();
            walks.start("death of " + nodeId, true);
        }

        @Override
        public void answeredWhileSuspected(String nodeId) {
            membership.get(nodeId)
                    .filter(m -> m.status() == MemberStatus.SUSPECT)
                    .ifPresent(m -> transport.send(m.peer(), new Gossip(self, List.of(m))));
        }
    }

    private final class Walking implements WalkHost {

        @Override
        public MemberEntry selfEntry() {
            // A walk that counts this node while its switch is under way counts the role it is taking:
            // counted in its old role, the deficit it is filling would be filled a second time.
            MemberEntry me = membership.self();
            return switching && switchingTo != null && me.role() != switchingTo
                    ? me.withRole(switchingTo, me.incarnation()) : me;
        }

        @Override
        public List<MemberEntry> liveAfterSelf() {
            return membership.after();
        }

        @Override
        public void send(Peer to, RingMessage message) {
            transport.send(to, message);
        }

        @Override
        public Mono<List<Peer>> directoryMembers() {
            return directory.members();
        }

        @Override
        public void event(RingEvent.Type type, String subject, String detail) {
            RingNode.this.event(type, subject, detail);
        }

        @Override
        public Mono<Boolean> mayRebalance(boolean afterLoss) {
            return RingNode.this.mayRebalance(afterLoss);
        }

        @Override
        public boolean mayTake(Role needed) {
            if (!inMajority() && !role.pinned() && role.get() != needed) {
                log.info("ring: {} sees only {} of {} members live: a minority switches no role", self.nodeId(),
                        membership.liveCount(), membership.all().size());
                return false;
            }
            return !role.pinned() && !switching && role.get() != needed;
        }

        @Override
        public void switchRole(Role next, WalkId deficit, Runnable onFailure) {
            RingNode.this.switchRole(next, deficit, onFailure);
        }
    }
}
