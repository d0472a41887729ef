package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Compares the ring with the name service: a member registered there that this node does not hold live
 * gets a sync. That is how rings that formed apart merge (nodes started at the same instant), and how
 * the two sides of a healed partition find each other again. Each listing is also handed on (the
 * balance watch holds deficits while it names members the ring has not seen).
 * <p>
 * A tick comes every discovery interval, but a listing costs a request to the name service for each
 * group, from every member. So while the last listing agreed with the ring (every member listed is
 * live here), the ring has not changed since (same digest) and holds no member dead or suspect, the
 * listings space out, doubling up to the idle interval; anything else (a change in the ring, a
 * disagreement, a failed listing) brings the next listing back to the next tick. A quiet cluster thus
 * asks a sixth as often, while a split or a partition is looked at every interval: the dead entries
 * of the other side keep the pace until dead-retention purges them, so a partition shorter than that
 * heals within one interval; a longer one within the idle interval.
 */
public final class Discovery {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final LocalMember local;
    private final Directory directory;
    private final Consumer<Peer> syncWith;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final long interval;
    private final long idleInterval;
    private final Consumer<List<Peer>> listed;
    private Disposable next = () -> { };
    // Owned by the ring's scheduler, like every field a tick or a listing touches.
    private long pace;
    private long listedAt;
    private long listedDigest;
    private boolean agreed;

    /**
     * @param syncWith     starts a sync with a member (anti-entropy), for those listed but not live here
     * @param interval     how often a tick comes, and how soon a change is looked at
     * @param idleInterval the longest gap between listings while the ring and the name service agree
     * @param listed       told every listing the name service gave, after the syncs it called for went out
     */
    public Discovery(LocalMember local, Directory directory, Consumer<Peer> syncWith, Scheduler scheduler,
            LongSupplier clock, Duration interval, Duration idleInterval, Consumer<List<Peer>> listed) {
        this.local = local;
        this.directory = directory;
        this.syncWith = syncWith;
        this.scheduler = scheduler;
        this.clock = clock;
        this.interval = interval.toNanos();
        this.idleInterval = Math.max(this.interval, idleInterval.toNanos());
        this.listed = listed;
        this.pace = this.interval;
    }

    /** Ticks one discovery interval from now, and every interval after; the first tick lists. */
    public void start() {
        agreed = false;
        pace = interval;
        schedule();
    }

    public void stop() {
        next.dispose();
    }

    /** The gap between listings now: the discovery interval, or up to the idle interval while all agrees. */
    Duration pace() {
        return Duration.ofNanos(pace);
    }

    /**
     * Whether every member this node holds is alive. A member held dead (until dead-retention purges it)
     * may be one side of a partition, whose heal shows only in the name service: its renewals list the
     * other side again while neither ring changes. So the listings keep the interval until then.
     */
    private boolean allAlive() {
        Membership members = local.membership();
        return members.liveCount() == members.size()
                && members.ring().stream().allMatch(m -> m.status() == MemberStatus.ALIVE);
    }

    private void schedule() {
        next.dispose();
        next = scheduler.schedule(this::tick, interval, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (!local.joined()) {
            return;
        }
        schedule();
        long now = clock.getAsLong();
        long digest = local.membership().digest();
        boolean quiet = agreed && digest == listedDigest && allAlive();
        if (quiet && now - listedAt < pace) {
            return;
        }
        if (!quiet) {
            pace = interval;
        }
        listedAt = now;
        listedDigest = digest;
        directory.members()
                .timeout(Duration.ofNanos(interval), scheduler)
                .map(Optional::of)
                .onErrorReturn(Optional.empty())
                .publishOn(scheduler)
                .subscribe(listing -> {
                    if (!local.joined()) {
                        return;
                    }
                    List<Peer> found = listing.orElse(List.of());
                    // Members held dead are synced with too: alive in the name service, they were cut off, not
                    // dead (a healed partition), and a sync is how the two sides learn it (see Gossip.standsAgainst).
                    List<Peer> notLive = found.stream()
                            .filter(p -> !p.nodeId().equals(local.id())
                                    && local.membership().get(p.nodeId()).map(m -> !m.live()).orElse(true))
                            .toList();
                    notLive.forEach(p -> {
                        log.info("ring: {} finds {} in the name service but not live in its ring; syncing",
                                local.id(), p.nodeId());
                        syncWith.accept(p);
                    });
                    agreed = listing.isPresent() && notLive.isEmpty() && local.membership().digest() == digest && allAlive();
                    pace = agreed ? Math.min(idleInterval, pace * 2) : interval;
                    listed.accept(found);
                });
    }
}
