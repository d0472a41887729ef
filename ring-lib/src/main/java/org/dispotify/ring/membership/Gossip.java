package org.dispotify.ring.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.view.RingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads membership changes: news is flooded to the ring neighbours at once, and each member
 * forwards only what was news to it, so a change crosses the ring in about n/3 hops and dies out.
 * Merging follows SWIM's rules (see {@link Membership}); what others say about this node is handled
 * here too: a suspicion is refuted by raising the incarnation, a death verdict is handed back to the
 * caller, who rejoins.
 */
public final class Gossip {

    private static final Logger log = LoggerFactory.getLogger(Gossip.class);

    /**
     * What a merge did.
     *
     * @param added        members that were new (or back from the dead) here
     * @param declaredDead the ring's verdict on this node, if the updates carried one: the node must rejoin
     */
    public record Merged(int added, Optional<MemberEntry> declaredDead) {

        static final Merged NOTHING = new Merged(0, Optional.empty());
    }

    private final LocalMember local;
    private final Links links;
    private final ViewPublisher view;
    private final LongSupplier clock;
    private final Consumer<String> suspicionOver;
    private final BooleanSupplier pausedPastConviction;

    /**
     * @param suspicionOver        told when a member recovered or died, so its suspicion timer here stops
     * @param pausedPastConviction whether this node was silent long enough that the ring has surely convicted it
     */
    public Gossip(LocalMember local, Links links, ViewPublisher view, LongSupplier clock, Consumer<String> suspicionOver,
            BooleanSupplier pausedPastConviction) {
        this.local = local;
        this.links = links;
        this.view = view;
        this.clock = clock;
        this.suspicionOver = suspicionOver;
        this.pausedPastConviction = pausedPastConviction;
    }

    /** Sends {@code news} to every neighbour but {@code except} (and never to a member it declares dead). */
    public void flood(List<MemberEntry> news, Peer except) {
        RingMessage.Gossip gossip = new RingMessage.Gossip(local.peer(), news);
        for (Peer peer : links.neighbours()) {
            boolean subjectDead = news.stream().anyMatch(e -> e.nodeId().equals(peer.nodeId()) && !e.live());
            if ((except == null || !peer.nodeId().equals(except.nodeId())) && !subjectDead) {
                links.send(peer, gossip);
            }
        }
    }

    /** A gossip message: merged unless the sender is a lost member whose list says this node is dead. */
    public Merged onGossip(RingMessage.Gossip gossip) {
        if (standsAgainst(gossip.updates(), gossip.from())) {
            return Merged.NOTHING;
        }
        return merge(gossip.updates(), gossip.from());
    }

    /** Merges what a peer says and floods whatever was news here. */
    public Merged merge(List<MemberEntry> updates, Peer from) {
        long now = clock.getAsLong();
        List<MemberEntry> news = new ArrayList<>();
        int added = 0;
        for (MemberEntry update : updates) {
            if (update.nodeId().equals(local.id())) {
                Optional<MemberEntry> verdict = aboutMe(update);
                if (verdict.isPresent()) {
                    return new Merged(added, verdict);
                }
                continue;
            }
            Membership.Change change = local.membership().merge(update, now);
            if (change != Membership.Change.NONE) {
                news.add(update);
                changed(change, update, from);
                added += change == Membership.Change.ADDED ? 1 : 0;
            }
        }
        if (!news.isEmpty()) {
            flood(news, from);
            links.relink();
            view.publish();
        }
        return new Merged(added, Optional.empty());
    }

    /**
     * A healed partition: the sender is a member this node had lost (held dead, or already forgotten)
     * and its list says this node is dead, as each side of a split declares the other dead. The side
     * that kept a majority of the ring stands: it tells the sender the verdict about the sender instead
     * of taking the sender's about itself, so only the minority rejoins (with a clean role), and the
     * majority's roles and links stay as they are. Without a majority (an even split), it yields.
     */
    public boolean standsAgainst(List<MemberEntry> said, Peer from) {
        String sender = from.nodeId();
        Membership membership = local.membership();
        Optional<MemberEntry> known = membership.get(sender);
        if (!local.joined() || known.map(MemberEntry::live).orElse(false) || !local.inMajority()) {
            return false;
        }
        boolean saysImDead = said.stream().anyMatch(m -> m.nodeId().equals(local.id())
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
                + "telling {} it was declared dead instead", local.id(), membership.liveCount(), membership.size(),
                sender, sender);
        links.send(from, new RingMessage.Gossip(local.peer(), List.of(verdict)));
        return true;
    }

    /** Gossip about this node: refuted if it is a suspicion; a verdict if it is a death (or surely will be). */
    private Optional<MemberEntry> aboutMe(MemberEntry said) {
        MemberEntry me = local.membership().self();
        if (said.incarnation() < me.incarnation()) {
            return Optional.empty();
        }
        if (said.status() == MemberStatus.DEAD) {
            return Optional.of(said);
        }
        if (pausedPastConviction.getAsBoolean()) {
            // Silent longer than any suspicion lasts: the ring has declared this node dead, even if that
            // verdict is still on its way here behind older news. Refuting would resurrect the old
            // incarnation (and its old role) over the verdict; rejoin instead, with a clean role.
            log.info("ring: {} was paused past the suspicion timeout; treating itself as declared dead", local.id());
            return Optional.of(said);
        }
        if (said.status() == MemberStatus.SUSPECT || said.incarnation() > me.incarnation()) {
            long incarnation = said.incarnation() + 1;
            local.incarnation(incarnation);
            MemberEntry refuted = me.withIncarnation(incarnation, MemberStatus.ALIVE);
            local.membership().replaceSelf(refuted);
            log.info("ring: {} refutes a suspicion of itself (incarnation {})", local.id(), incarnation);
            view.event(RingEvent.Type.REFUTED, local.id(), "incarnation " + incarnation);
            flood(List.of(refuted), null);
            view.publish();
        }
        return Optional.empty();
    }

    private void changed(Membership.Change change, MemberEntry entry, Peer from) {
        String id = entry.nodeId();
        switch (change) {
            case ADDED -> {
                log.info("ring: {} learns that {} joined as {}", local.id(), id, entry.role().label());
                view.event(RingEvent.Type.JOINED, id, "reported by " + from.nodeId());
            }
            case SUSPECTED -> {
                log.info("ring: {} hears that {} is suspect (from {})", local.id(), id, from.nodeId());
                view.event(RingEvent.Type.SUSPECTED, id, "reported by " + from.nodeId());
            }
            case RECOVERED -> {
                suspicionOver.accept(id);
                log.info("ring: {} sees {} alive again (incarnation {})", local.id(), id, entry.incarnation());
                view.event(RingEvent.Type.ALIVE, id, "incarnation " + entry.incarnation());
            }
            case DIED -> {
                suspicionOver.accept(id);
                links.forget(id);
                log.info("ring: {} hears that {} is dead (from {})", local.id(), id, from.nodeId());
                view.event(RingEvent.Type.DEAD, id, "reported by " + from.nodeId());
            }
            case UPDATED -> log.debug("ring: {} updates {} to {}", local.id(), id, entry);
            default -> { }
        }
    }
}
