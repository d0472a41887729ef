package org.dispotify.ring.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.dispotify.ring.membership.AntiEntropy;
import org.dispotify.ring.membership.Directory;
import org.dispotify.ring.membership.Gossip;
import org.dispotify.ring.membership.Links;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.membership.LocalMember.Phase;
import org.dispotify.ring.membership.ViewPublisher;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Join;
import org.dispotify.ring.message.RingMessage.JoinAccepted;
import org.dispotify.ring.message.RingMessage.JoinRejected;
import org.dispotify.ring.view.RingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Joining the ring, both sides. A newcomer resolves the name service's members and asks them in a
 * random order (a rejoining node first asks the member that told it of its death) to take it in;
 * after a timeout or a refusal it asks the next, three rounds in all, and then forms a ring of one
 * (discovery merges it later). The contact gives the newcomer a position right after itself, answers
 * with its whole member list (in pages when long) and floods the new entry.
 */
public final class JoinProtocol {

    private static final Logger log = LoggerFactory.getLogger(JoinProtocol.class);
    private static final int ROUNDS = 3;
    private static final int ASKS_PER_CONTACT = 2;
    /**
     * Members asked per round: nodes started together find each other joining and turn each other away;
     * asking every listed member of a large ring in turn would send a join storm, so a round asks a few
     * (in random order) and the next round comes after a randomised pause.
     */
    private static final int CONTACTS_PER_ROUND = 8;

    /** What the node does when this node joined, and when it took a newcomer in. */
    public interface Listener {

        /** This node is a member now; {@code rejoined} after it had been declared dead. */
        void joined(boolean rejoined);

        /** This node inserted {@code newcomer} as its successor. */
        void inserted(MemberEntry newcomer);
    }

    private final LocalMember local;
    private final Links links;
    private final Directory directory;
    private final Gossip gossip;
    private final ViewPublisher view;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Random random;
    private final Duration timeout;
    private final int pageSize;
    private final Listener listener;

    private Peer rejoinThrough;
    /** The contact this node last joined through: its later answers carry the rest of its member list. */
    private String joinedThrough;
    private List<Peer> contacts = List.of();
    private int contactIndex;
    /** Joins sent to the current contact: a lost join or a lost answer is asked about once more. */
    private int asked;
    private int round;
    private long attempt;

    /**
     * @param timeout  how long a newcomer waits for one contact before asking another
     * @param pageSize the most member entries one message carries
     */
    public JoinProtocol(LocalMember local, Links links, Directory directory, Gossip gossip, ViewPublisher view,
            Scheduler scheduler, LongSupplier clock, Random random, Duration timeout, int pageSize, Listener listener) {
        this.local = local;
        this.links = links;
        this.directory = directory;
        this.gossip = gossip;
        this.view = view;
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.timeout = timeout;
        this.pageSize = pageSize;
        this.listener = listener;
    }

    /** Resolves the name service's members and asks them in turn; alone if nobody answers. */
    public void begin() {
        local.phase(Phase.JOINING);
        directory.members()
                .timeout(timeout, scheduler)
                .onErrorResume(e -> {
                    log.warn("ring: {} cannot reach the name service ({}); trying alone", local.id(), e.toString());
                    return Mono.just(List.of());
                })
                .publishOn(scheduler)
                .subscribe(this::contact);
    }

    /** Learnt that the ring declared this node dead: start over with a higher incarnation. */
    public void rejoin(MemberEntry verdict, Peer from) {
        log.info("ring: {} was declared dead by the ring (incarnation {}); rejoining", local.id(), verdict.incarnation());
        local.raiseIncarnationAbove(verdict.incarnation());
        local.rejoining(true);
        // The member that delivered the verdict is in the ring that reached it: asked first, it keeps a node
        // of a healed partition's minority from rejoining through another minority member.
        rejoinThrough = from;
        round = 0;
        local.resetMembership(0.0);
        view.publish();
        begin();
    }

    /** The contact's side: insert the newcomer right after this node and tell the ring. */
    public void onJoin(Join join) {
        Peer newcomer = join.from();
        if (newcomer.nodeId().equals(local.id())) {
            return;
        }
        if (!local.joined()) {
            links.send(newcomer, new JoinRejected(local.peer(), "joining the ring itself"));
            return;
        }
        var membership = local.membership();
        if (!local.inMajority() && membership.get(newcomer.nodeId()).map(MemberEntry::live).orElse(false)) {
            // A member of this (minority) ring asks to join: a ring this node cannot see declared it dead, so
            // that is the ring it belongs in. Taken in here, it would rebuild the minority under new
            // incarnations that the majority then believes, dead verdicts about itself included.
            log.info("ring: {} turns {} away: only {} of {} members are live here, and it was declared dead by the rest",
                    local.id(), newcomer.nodeId(), membership.liveCount(), membership.size());
            links.send(newcomer, new JoinRejected(local.peer(), "cut off from most of the ring"));
            return;
        }
        Optional<MemberEntry> held = membership.get(newcomer.nodeId());
        long inc = held.map(known -> Math.max(join.incarnation(), known.incarnation() + 1)).orElse(join.incarnation());
        // Asked again by a member this node already took in (its answer was lost): the same place in the ring.
        double position = held.filter(MemberEntry::live).filter(known -> known.peer().equals(newcomer))
                .map(MemberEntry::position).orElseGet(membership::positionForNewcomer);
        MemberEntry entry = new MemberEntry(newcomer.nodeId(), newcomer.host(), newcomer.port(), join.role(),
                join.pinned(), position, inc, MemberStatus.ALIVE);
        membership.merge(entry, clock.getAsLong());
        log.info("ring: {} inserts {} ({}) as its successor", local.id(), newcomer.nodeId(), join.role().label());
        view.event(RingEvent.Type.JOINED, newcomer.nodeId(), "inserted after " + local.id());
        // A long list goes in several answers; the newcomer merges the later ones into the ring it joined.
        AntiEntropy.pages(membership.all(), pageSize)
                .forEach(page -> links.send(newcomer, new JoinAccepted(local.peer(), entry, page)));
        gossip.flood(List.of(entry), null);
        links.relink();
        view.publish();
        listener.inserted(entry);
    }

    public void onRejected(JoinRejected rejected) {
        if (local.phase() == Phase.JOINING) {
            log.info("ring: {} was turned away by {} ({})", local.id(), rejected.from().nodeId(), rejected.reason());
            attempt++;
            nextContact();
        }
    }

    public void onAccepted(JoinAccepted accepted) {
        MemberEntry you = accepted.you();
        if (local.phase() == Phase.JOINED && you.nodeId().equals(local.id()) && you.incarnation() == local.incarnation()
                && accepted.from().nodeId().equals(joinedThrough)) {
            long now = clock.getAsLong();
            accepted.members().forEach(member -> local.membership().merge(member, now));
            links.relink();
            view.publish();
            return;
        }
        if (local.phase() != Phase.JOINING || !you.nodeId().equals(local.id()) || you.incarnation() < local.incarnation()) {
            return;
        }
        long now = clock.getAsLong();
        local.incarnation(you.incarnation());
        local.resetMembership(you.position());
        accepted.members().forEach(member -> local.membership().merge(member, now));
        local.phase(Phase.JOINED);
        joinedThrough = accepted.from().nodeId();
        log.info("ring: {} joined through {} as {} ({} live members; successors {})", local.id(),
                accepted.from().nodeId(), local.role().get().label(), local.membership().liveCount(),
                links.successors().stream().map(MemberEntry::nodeId).toList());
        view.event(RingEvent.Type.JOINED, local.id(), "through " + accepted.from().nodeId());
        joined();
    }

    private void contact(List<Peer> found) {
        if (local.phase() != Phase.JOINING) {
            return;
        }
        List<Peer> others = new ArrayList<>(found.stream().filter(p -> !p.nodeId().equals(local.id())).toList());
        Collections.shuffle(others, random);
        Peer first = rejoinThrough;
        rejoinThrough = null;
        if (first != null && !first.nodeId().equals(local.id())) {
            others.removeIf(p -> p.nodeId().equals(first.nodeId()));
            others.add(0, first);
        }
        contacts = others.size() > CONTACTS_PER_ROUND ? List.copyOf(others.subList(0, CONTACTS_PER_ROUND)) : others;
        contactIndex = 0;
        if (others.isEmpty()) {
            formAlone();
        } else {
            nextContact();
        }
    }

    private void nextContact() {
        if (local.phase() != Phase.JOINING) {
            return;
        }
        if (contactIndex >= contacts.size()) {
            if (++round >= ROUNDS) {
                log.warn("ring: {} found no live member among {}; forming a ring of one (discovery will merge)",
                        local.id(), contacts.stream().map(Peer::nodeId).toList());
                formAlone();
                return;
            }
            long pause = timeout.toMillis() / 2 * round;
            scheduler.schedule(this::begin, pause + (long) (random.nextDouble() * pause), TimeUnit.MILLISECONDS);
            return;
        }
        Peer contact = contacts.get(contactIndex++);
        asked = 0;
        ask(contact);
    }

    private void ask(Peer contact) {
        long mine = ++attempt;
        asked++;
        long incarnation = local.raiseIncarnationAbove(local.incarnation());
        links.send(contact, new Join(local.peer(), local.role().get(), local.role().pinned(), incarnation));
        scheduler.schedule(() -> {
            if (local.phase() != Phase.JOINING || attempt != mine) {
                return;
            }
            if (asked < ASKS_PER_CONTACT) {
                // The join or its answer may have been lost; the contact may already hold this node.
                ask(contact);
                return;
            }
            log.info("ring: {} got no answer from {} to its join; trying another member", local.id(), contact.nodeId());
            nextContact();
        }, timeout.toNanos() / ASKS_PER_CONTACT, TimeUnit.NANOSECONDS);
    }

    private void formAlone() {
        double position = (local.id().hashCode() & 0x7fffffff) / (double) (1L << 31);
        local.raiseIncarnationAbove(local.incarnation());
        local.resetMembership(position);
        local.phase(Phase.JOINED);
        // Alone, there is no ring whose ratio a clean role should follow.
        local.rejoining(false);
        log.info("ring: {} forms a ring of one as {}", local.id(), local.role().get().label());
        view.event(RingEvent.Type.JOINED, local.id(), "ring of one");
        joined();
    }

    private void joined() {
        boolean rejoined = local.rejoining();
        local.rejoining(false);
        listener.joined(rejoined);
    }
}
