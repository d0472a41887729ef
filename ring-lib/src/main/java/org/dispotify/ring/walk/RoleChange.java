package org.dispotify.ring.walk;

import java.util.List;

import org.dispotify.ring.membership.Gossip;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.membership.ViewPublisher;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.WalkId;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.scheduler.Scheduler;

/**
 * This node taking another role: whether it may (auto role, not switching already, in a majority),
 * the switch itself through the {@link RoleSwitcher} (handovers first), and announcing the new role
 * under a raised incarnation once it is done. Confined to the ring scheduler.
 */
public final class RoleChange {

    private static final Logger log = LoggerFactory.getLogger(RoleChange.class);

    private final LocalMember local;
    private final RoleSwitcher switcher;
    private final Gossip gossip;
    private final ViewPublisher view;
    private final RingMetrics metrics;
    private final Scheduler scheduler;

    public RoleChange(LocalMember local, RoleSwitcher switcher, Gossip gossip, ViewPublisher view, RingMetrics metrics,
            Scheduler scheduler) {
        this.local = local;
        this.switcher = switcher;
        this.gossip = gossip;
        this.view = view;
        this.metrics = metrics;
        this.scheduler = scheduler;
    }

    /** Whether this node could switch to {@code needed} now (auto role, holds the other role, not already switching). */
    public boolean mayTake(Role needed) {
        boolean pinned = local.role().pinned();
        if (!local.inMajority() && !pinned && local.role().get() != needed) {
            log.info("ring: {} sees only {} of {} members live: a minority switches no role", local.id(),
                    local.membership().liveCount(), local.membership().size());
            return false;
        }
        return !pinned && !local.switching() && local.role().get() != needed;
    }

    /**
     * This node's entry as a walk counts it: while a switch is under way, in the role it is taking
     * (counted in its old role, the deficit it is filling would be filled a second time).
     */
    public MemberEntry countedEntry() {
        MemberEntry me = local.membership().self();
        Role next = local.switchingTo();
        return next != null && me.role() != next ? me.withRole(next, me.incarnation()) : me;
    }

    /** Switches to {@code next} (handovers first); {@code onFailure} runs on the ring scheduler if it did not happen. */
    public void switchTo(Role next, WalkId deficit, Runnable onFailure) {
        Role from = local.role().get();
        local.switchingTo(next);
        switcher.switchTo(next, scheduler)
                .publishOn(scheduler)
                .subscribe(switched -> {
                    local.switchingTo(null);
                    if (!switched) {
                        onFailure.run();
                        return;
                    }
                    long incarnation = local.raiseIncarnationAbove(local.incarnation());
                    MemberEntry me = local.membership().self().withRole(next, incarnation);
                    local.membership().replaceSelf(me);
                    metrics.switchedRole();
                    String why = deficit == null ? "" : " for imbalance " + deficit;
                    log.info("ring: {} switched role {} -> {}{}", local.id(), from.label(), next.label(), why);
                    view.event(RingEvent.Type.ROLE_SWITCHED, local.id(), from.label() + " -> " + next.label() + why);
                    gossip.flood(List.of(me), null);
                    view.publish();
                }, e -> {
                    local.switchingTo(null);
                    log.warn("ring: {} could not switch to {}: {}", local.id(), next.label(), e.toString());
                    onFailure.run();
                });
    }

    /** After a rejoin, an auto-role node takes the role the ratio gives a newcomer to this ring. */
    public void takeCleanRole() {
        if (local.role().pinned() || !local.inMajority()) {
            return;
        }
        List<MemberEntry> others = local.membership().ring().stream().filter(m -> !m.nodeId().equals(local.id())).toList();
        int data = (int) others.stream().filter(m -> m.role() == Role.DATA).count();
        Role wanted = RoleRatio.roleForNewcomer(data, others.size() - data);
        if (wanted != local.role().get() && !local.switching()) {
            log.info("ring: {} rejoined as {} but the ring needs a {}; switching", local.id(), local.role().get().label(),
                    wanted.label());
            switchTo(wanted, null, () -> { });
        }
    }
}
