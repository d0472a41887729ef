package org.dispotify.ring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.dispotify.ring.detector.DetectorSettings;
import org.dispotify.ring.detector.FailureDetector;
import org.dispotify.ring.detector.ProbeSet;
import org.dispotify.ring.detector.Verdict;
import org.dispotify.ring.join.JoinProtocol;
import org.dispotify.ring.link.Inbound;
import org.dispotify.ring.link.Transport;
import org.dispotify.ring.membership.AntiEntropy;
import org.dispotify.ring.membership.Directory;
import org.dispotify.ring.membership.Discovery;
import org.dispotify.ring.membership.Gossip;
import org.dispotify.ring.membership.Links;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.membership.LocalMember.Phase;
import org.dispotify.ring.membership.Membership;
import org.dispotify.ring.membership.ViewPublisher;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.message.RingMessage.Ack;
import org.dispotify.ring.message.RingMessage.Alert;
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
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.view.RingView;
import org.dispotify.ring.walk.BalanceWatch;
import org.dispotify.ring.walk.RoleChange;
import org.dispotify.ring.walk.RoleSwitcher;
import org.dispotify.ring.walk.WalkCoordinator;
import org.dispotify.ring.walk.WalkHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One ring member, composed of its parts: the {@link JoinProtocol}, {@link Gossip} and
 * {@link AntiEntropy} that keep the member list, {@link Discovery} against the name service, the
 * {@link FailureDetector} whose verdicts this node acts on, the alert walks ({@link WalkCoordinator})
 * with the {@link BalanceWatch} that decides when to count and act, and {@link RoleChange}. This class
 * routes inbound messages to them, runs the probe tick, and turns verdicts into membership changes.
 * <p>
 * All state is owned by one single-threaded {@link Scheduler}: inbound messages {@code publishOn} it and
 * every timer runs on it, so nothing takes a lock. Other threads see the ring through the immutable
 * {@link #snapshot()} and the {@link #events()} flux. Time, scheduling, randomness, the transport and
 * the name service are all given (see {@link Builder}), so the same code runs over WebSockets with real
 * clocks, or in one JVM on virtual time inside the deterministic simulator.
 */
public final class RingNode implements RingView, Inbound {

    private static final Logger log = LoggerFactory.getLogger(RingNode.class);
    private static final Duration SYNC_COOLDOWN = Duration.ofSeconds(1);
    private static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(5);

    private final LocalMember local;
    private final RingProperties properties;
    private final Directory directory;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final RingMetrics metrics;
    private final Links links;
    private final ViewPublisher view;
    private final FailureDetector detector;
    private final Gossip gossip;
    private final AntiEntropy antiEntropy;
    private final Discovery discovery;
    private final JoinProtocol join;
    private final RoleChange roles;
    private final WalkCoordinator walks;
    private final BalanceWatch balance;
    private Disposable nextTick = () -> { };

    private RingNode(Builder b) {
        this.local = new LocalMember(b.self, b.role);
        this.properties = b.properties;
        this.directory = b.directory;
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.metrics = b.metrics;
        int pageSize = Math.max(1, properties.maxFrameBytes() / 512);
        this.links = new Links(local, b.transport, metrics, properties.successors());
        this.view = new ViewPublisher(local, metrics, properties.successors());
        this.detector = new FailureDetector(b.self, new Probing(), links.transport(), scheduler, clock, metrics,
                new DetectorSettings(properties.probeInterval(), properties.probeTimeout(),
                        properties.suspicionTimeout(), properties.indirectProbes()));
        this.gossip = new Gossip(local, links, view, clock, detector::clear, detector::pausedPastConviction);
        this.antiEntropy = new AntiEntropy(local, links, gossip, clock, SYNC_COOLDOWN, pageSize);
        this.walks = new WalkCoordinator(new Walking(), scheduler, properties.walkHopLimit(), properties.walkSegment(),
                // The process's start on its monotonic clock tells its lives apart (a restart starts later), and
                // draws nothing from the seeded random, so a simulated run stays the run it was.
                properties.hopTimeout(), clock.getAsLong());
        this.balance = new BalanceWatch(local, directory, scheduler, clock, properties.joinSettle(),
                properties.discoveryInterval(), walks::start, () -> walks.active().isPresent());
        this.discovery = new Discovery(local, directory, antiEntropy::syncWith, scheduler, clock, properties.discoveryInterval(),
                properties.discoveryIdleInterval(), balance::listed);
        this.roles = new RoleChange(local, b.switcher, gossip, view, metrics, scheduler);
        this.join = new JoinProtocol(local, links, directory, gossip, view, scheduler, clock, b.random,
                properties.joinTimeout(), pageSize, new Joining());
        detector.verdicts().subscribe(this::onVerdict);
    }

    /** A node for {@code self} in {@code role}; everything else has production defaults until set. */
    public static Builder builder(Peer self, CurrentRole role) {
        return new Builder(self, role);
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Joins the ring through the name service's members, or forms a ring of one. Returns at once. */
    public void start() {
        scheduler.schedule(() -> {
            if (local.phase() == Phase.IDLE) {
                join.begin();
            }
        });
    }

    /** Leaves cleanly (see {@link #leave()}), waits for that a few seconds at most, and closes the links. */
    public void stop() {
        Mono.fromRunnable(this::leaveNow)
                .subscribeOn(scheduler)
                .timeout(Duration.ofSeconds(2))
                .onErrorComplete()
                .block(Duration.ofSeconds(3));
        links.close();
    }

    /** Tells the neighbours this node is leaving (they treat it as dead at once), then stops; returns at once. */
    public void leave() {
        scheduler.schedule(this::leaveNow);
    }

    /** Stops without telling anyone, as a crash would (for fault drills and tests). */
    public void halt() {
        local.phase(Phase.STOPPED);
        nextTick.dispose();
        discovery.stop();
        balance.reset();
        walks.reset();
        view.complete();
    }

    /** Starts an alert walk from this node now (also what a dead verdict does). */
    public void startWalk(String cause) {
        scheduler.schedule(() -> {
            if (local.joined()) {
                walks.start(cause);
            }
        });
    }

    public Peer self() {
        return local.peer();
    }

    /** The scheduler that owns this node's ring state. */
    public Scheduler scheduler() {
        return scheduler;
    }

    public boolean joined() {
        return view.snapshot().members().stream().anyMatch(m -> m.nodeId().equals(local.id()));
    }

    @Override
    public RingSnapshot snapshot() {
        return view.snapshot();
    }

    @Override
    public Flux<RingEvent> events() {
        return view.events();
    }

    private void leaveNow() {
        if (local.joined()) {
            Leave leave = new Leave(local.peer(), local.incarnation());
            links.neighbours().forEach(peer -> links.send(peer, leave));
            log.info("ring: {} leaves the ring", local.id());
        }
        halt();
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
            Phase phase = local.phase();
            if (phase == Phase.STOPPED || phase == Phase.IDLE) {
                return;
            }
            if (message instanceof JoinAccepted accepted) {
                join.onAccepted(accepted);
            } else if (message instanceof JoinRejected rejected) {
                join.onRejected(rejected);
            } else if (message instanceof Join request) {
                join.onJoin(request);
            } else if (phase != Phase.JOINED) {
                // Joining, a node still answers probes: the contact may already hold it (an answer to its join
                // was lost, and it is asking again), and a silent newcomer would be convicted while it joins.
                if (message instanceof Ping ping) {
                    detector.onPing(ping);
                }
                return;
            } else if (message instanceof Ping ping) {
                ping(ping);
            } else if (message instanceof Ack ack) {
                detector.onAck(ack);
                antiEntropy.syncIfDifferent(ack.from(), ack.digest());
            } else if (message instanceof PingReq request) {
                detector.onPingReq(request);
            } else if (message instanceof IndirectAck ack) {
                detector.onIndirectAck(ack);
            } else if (message instanceof RingMessage.Gossip news) {
                merged(gossip.onGossip(news), news.from(), false);
            } else if (message instanceof Sync sync) {
                merged(antiEntropy.onSync(sync), sync.from(), true);
            } else if (message instanceof Leave leave) {
                leave(leave);
            } else if (message instanceof Alert alert) {
                walks.onAlert(alert);
            } else if (message instanceof Imbalance imbalance) {
                walks.onImbalance(imbalance);
            } else if (message instanceof HopAck ack) {
                walks.onHopAck(ack);
            } else if (message instanceof RingMessage.WalkDropped notice) {
                walks.onWalkDropped(notice);
            }
        } catch (RuntimeException e) {
            log.warn("ring: {} could not handle {} from {}", local.id(), message.getClass().getSimpleName(),
                    message.from().nodeId(), e);
        }
    }

    private void ping(Ping ping) {
        Optional<MemberEntry> sender = local.membership().get(ping.from().nodeId());
        if (ping.target().equals(local.id()) && sender.isPresent() && !sender.get().live()) {
            // The sender may have missed its own death verdict: tell it, so it rejoins instead of lingering. It is
            // answered all the same: it may have rejoined already under a higher incarnation this node has not
            // heard of, and then the verdict is stale to it, while a probe left unanswered would convict this node.
            links.send(ping.from(), new RingMessage.Gossip(local.peer(), List.of(sender.get())));
        }
        detector.onPing(ping);
    }

    /** After a merge: rejoin if the ring declared this node dead; note arrivals; walk after a merge of rings. */
    private void merged(Gossip.Merged merged, Peer from, boolean sync) {
        if (merged.declaredDead().isPresent()) {
            rejoin(merged.declaredDead().get(), from);
            return;
        }
        if (merged.added() > 0) {
            // A sync that brings members is rings that formed apart merging: each part was balanced on its own.
            balance.arrived(sync ? "merge with the ring of " + from.nodeId() : "arrival of members");
        }
    }

    private void rejoin(MemberEntry verdict, Peer from) {
        nextTick.dispose();
        discovery.stop();
        balance.reset();
        walks.reset();
        detector.reset();
        antiEntropy.reset();
        join.rejoin(verdict, from);
    }

    private void leave(Leave leave) {
        String id = leave.from().nodeId();
        Membership membership = local.membership();
        Optional<MemberEntry> known = membership.get(id).filter(MemberEntry::live);
        if (known.isEmpty()) {
            return;
        }
        boolean successor = links.firstSuccessor().map(s -> s.nodeId().equals(id)).orElse(false);
        MemberEntry gone = known.get().withIncarnation(Math.max(known.get().incarnation(), leave.incarnation()),
                MemberStatus.DEAD);
        membership.merge(gone, clock.getAsLong());
        detector.clear(id);
        links.forget(id);
        log.info("ring: {} sees {} leave the ring", local.id(), id);
        view.event(RingEvent.Type.LEFT, id, "left cleanly");
        gossip.flood(List.of(gone), leave.from());
        links.relink();
        view.publish();
        if (successor) {
            deregister(gone);
            walks.start("leave of " + id, true);
        }
    }

    // ---- verdicts --------------------------------------------------------------------------

    private void onVerdict(Verdict verdict) {
        if (!local.joined()) {
            return;
        }
        if (verdict instanceof Verdict.Suspected suspected) {
            suspect(suspected.nodeId());
        } else if (verdict instanceof Verdict.Convicted convicted) {
            convict(convicted);
        } else if (verdict instanceof Verdict.Answered answered) {
            local.membership().get(answered.nodeId())
                    .filter(m -> m.status() == MemberStatus.SUSPECT)
                    .ifPresent(m -> links.send(m.peer(), new RingMessage.Gossip(local.peer(), List.of(m))));
        }
    }

    private void suspect(String nodeId) {
        MemberEntry member = local.membership().get(nodeId).orElse(null);
        if (member == null || !member.live()) {
            return;
        }
        log.info("ring: {} suspects {}: no answer to direct or indirect probes", local.id(), nodeId);
        if (member.status() == MemberStatus.ALIVE) {
            MemberEntry suspect = member.withStatus(MemberStatus.SUSPECT);
            local.membership().merge(suspect, clock.getAsLong());
            view.event(RingEvent.Type.SUSPECTED, nodeId, "no answer to probes");
            gossip.flood(List.of(suspect), null);
            view.publish();
        }
    }

    private void convict(Verdict.Convicted verdict) {
        String nodeId = verdict.nodeId();
        MemberEntry member = local.membership().get(nodeId).orElse(null);
        if (member == null || !member.live()) {
            return;
        }
        MemberEntry dead = member.withStatus(MemberStatus.DEAD);
        local.membership().merge(dead, clock.getAsLong());
        links.forget(nodeId);
        metrics.declaredDead(Duration.ofNanos(verdict.silentNanos()));
        long silentMillis = verdict.silentNanos() / 1_000_000;
        log.info("ring: {} declares {} ({}) DEAD after {} ms without an answer{}", local.id(), nodeId,
                member.role().label(), silentMillis, verdict.refused() ? " (its port refuses connections)" : "");
        view.event(RingEvent.Type.DEAD, nodeId, "silent for " + silentMillis + " ms"
                + (verdict.refused() ? ", port refuses connections" : ""));
        gossip.flood(List.of(dead), null);
        deregister(dead);
        links.relink();
        view.publish();
        walks.start("death of " + nodeId, true);
    }

    private void deregister(MemberEntry dead) {
        directory.deregister(dead.role(), dead.nodeId())
                .timeout(DEREGISTER_TIMEOUT, scheduler)
                .subscribe(done -> { }, e -> log.warn("ring: could not remove {} from the name service: {}",
                        dead.nodeId(), e.toString()));
    }

    // ---- timers ----------------------------------------------------------------------------

    private void running() {
        balance.arrived("join of " + local.id());
        detector.reset();
        scheduleTick();
        discovery.start();
        links.relink();
        view.publish();
    }

    private void scheduleTick() {
        nextTick.dispose();
        nextTick = scheduler.schedule(this::tick, properties.probeInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (!local.joined()) {
            return;
        }
        scheduleTick();
        detector.tick();
        if (!local.joined()) {
            return;
        }
        boolean hadMajority = local.inMajority();
        if (local.membership().purge(clock.getAsLong(), properties.deadRetention()) > 0) {
            view.publish();
            if (!hadMajority && local.inMajority()) {
                // The imbalance this minority declined to fix was real after all (the dead stayed dead).
                walks.start("purge of members dead for " + properties.deadRetention().toSeconds() + " s", true);
            }
        }
        links.relink();
    }

    // ---- the parts' view of this node ------------------------------------------------------

    private final class Joining implements JoinProtocol.Listener {

        @Override
        public void joined(boolean rejoined) {
            running();
            if (rejoined) {
                roles.takeCleanRole();
            }
        }

        @Override
        public void inserted(MemberEntry newcomer) {
            // Joins follow the ratio rule already; the lowest member double-checks once arrivals settle.
            balance.arrived("join of " + newcomer.nodeId());
        }
    }

    private final class Probing implements ProbeSet {

        @Override
        public List<MemberEntry> probeTargets() {
            List<MemberEntry> targets = new ArrayList<>();
            for (MemberEntry successor : local.membership().successors(properties.successors() + 1)) {
                targets.add(successor);
                if (successor.status() == MemberStatus.ALIVE) {
                    break;
                }
            }
            return targets;
        }

        @Override
        public List<Peer> helpers(String targetId, int count) {
            return links.neighbours().stream().filter(p -> !p.nodeId().equals(targetId)).limit(count).toList();
        }

        @Override
        public boolean live(String nodeId) {
            return local.membership().get(nodeId).map(MemberEntry::live).orElse(false);
        }

        @Override
        public long incarnation(String nodeId) {
            return local.membership().get(nodeId).map(MemberEntry::incarnation).orElse(-1L);
        }

        @Override
        public long digest() {
            return local.membership().digest();
        }
    }

    private final class Walking implements WalkHost {

        @Override
        public MemberEntry selfEntry() {
            return roles.countedEntry();
        }

        @Override
        public List<MemberEntry> liveAfterSelf() {
            return local.membership().after();
        }

        @Override
        public void send(Peer to, RingMessage message) {
            links.send(to, message);
        }

        @Override
        public Optional<MemberEntry> member(String nodeId) {
            return local.membership().get(nodeId);
        }

        @Override
        public Mono<List<Peer>> directoryMembers() {
            return directory.members();
        }

        @Override
        public void event(RingEvent.Type type, String subject, String detail) {
            view.event(type, subject, detail);
        }

        @Override
        public Mono<Boolean> mayRebalance(boolean afterLoss) {
            return balance.mayRebalance(afterLoss);
        }

        @Override
        public boolean mayTake(Role needed) {
            return roles.mayTake(needed);
        }

        @Override
        public void switchRole(Role next, WalkId deficit, Runnable onFailure) {
            roles.switchTo(next, deficit, onFailure);
        }
    }

    /**
     * Builds a {@link RingNode}. The transport and the name service must be given; the rest defaults to
     * production: {@link RingProperties#defaults()}, a single-threaded scheduler of its own, the monotonic
     * {@code System.nanoTime}, an unseeded {@link Random}, a switcher with no handovers, and meters in a
     * registry of their own.
     */
    public static final class Builder {

        private final Peer self;
        private final CurrentRole role;
        private RingProperties properties = RingProperties.defaults();
        private Transport transport;
        private Directory directory;
        private RoleSwitcher switcher;
        private Scheduler scheduler;
        private LongSupplier clock = System::nanoTime;
        private Random random = new Random();
        private RingMetrics metrics;

        private Builder(Peer self, CurrentRole role) {
            this.self = Objects.requireNonNull(self, "self");
            this.role = Objects.requireNonNull(role, "role");
        }

        public Builder properties(RingProperties value) {
            properties = value;
            return this;
        }

        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        public Builder directory(Directory value) {
            directory = value;
            return this;
        }

        public Builder switcher(RoleSwitcher value) {
            switcher = value;
            return this;
        }

        /** The scheduler that will own the node's state; it must run one task at a time. */
        public Builder scheduler(Scheduler value) {
            scheduler = value;
            return this;
        }

        /** Monotonic nanoseconds, like {@code System.nanoTime}. */
        public Builder clock(LongSupplier value) {
            clock = value;
            return this;
        }

        /** Decides whom a newcomer asks first; seeded, it makes a simulated ring repeatable. */
        public Builder random(Random value) {
            random = value;
            return this;
        }

        public Builder metrics(RingMetrics value) {
            metrics = value;
            return this;
        }

        public RingNode build() {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(directory, "directory");
            if (scheduler == null) {
                scheduler = Schedulers.newSingle("ring-" + self.nodeId(), true);
            }
            if (switcher == null) {
                switcher = new RoleSwitcher(role, List.of(), properties.handoverTimeout());
            }
            if (metrics == null) {
                metrics = new RingMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            }
            return new RingNode(this);
        }
    }
}
