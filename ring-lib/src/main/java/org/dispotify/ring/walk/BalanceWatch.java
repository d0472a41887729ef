package org.dispotify.ring.walk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.dispotify.ring.membership.Directory;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * When the ring counts its roles, and when it may act on what it counted.
 * <ul>
 * <li><b>After arrivals.</b> Once members have stopped arriving (joins, merges of rings that formed apart)
 * for {@code join-settle}, the lowest live member counts: every member hears of every arrival, so a burst
 * of joins costs the ring one walk, not one per join (a thousand concurrent walks, of which one completes,
 * would cost a thousand times the messages).</li>
 * <li><b>Periodically.</b> Every discovery interval the lowest live member holds its own view against the
 * ratio and, if it is off, walks to count again: a walk whose hops timed out on a loaded machine can miss
 * a member and find a ring in balance that is not. The same view is walked for at most every
 * {@code BALANCE_RECHECK}, so a deficit nobody can fill (pinned members) does not send a walk round every
 * interval.</li>
 * <li><b>The gate.</b> A deficit a walk found waits while members are still arriving: nodes started together
 * ({@code dispotify up}) arrive over a few seconds, each in the role the ratio gives it in the whole
 * cluster, so a ring that has seen only some of them looks off the ratio and would switch a role that the
 * whole ring does not need, then switch another back once the rest arrive. So a deficit waits until no
 * member has arrived for {@code join-settle}, and while the name service lists members this ring has never
 * held (starting, or in a ring apart that discovery will merge); then this node walks again and the fresh
 * count decides. A listed member that never shows up (a stale record) holds balancing for three discovery
 * intervals at most. A deficit that a loss caused (a death, a leave) is real whoever else is arriving, so
 * it does not wait for arrivals.</li>
 * </ul>
 * Confined to the ring scheduler.
 */
public final class BalanceWatch {

    private static final Logger log = LoggerFactory.getLogger(BalanceWatch.class);
    /** How soon a balance check walks again for a view it already walked for. */
    static final Duration BALANCE_RECHECK = Duration.ofSeconds(30);

    private final LocalMember local;
    private final Directory directory;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final long settle;
    private final Duration discoveryInterval;
    private final Consumer<String> walk;
    private final BooleanSupplier walkUnderWay;
    /** Since when (clock nanos) the name service has listed each member this ring has not seen. */
    private final Map<String, Long> unseenSince = new LinkedHashMap<>();
    private long lastArrival = Long.MIN_VALUE;
    private String arrivalCause = "";
    private boolean settling;
    private long balanceChecked;
    private long balanceCheckedAt = Long.MIN_VALUE;
    private Disposable settledWalk = () -> { };
    private Disposable heldWalk = () -> { };

    /**
     * @param walk         starts a walk from this node, with its cause
     * @param walkUnderWay whether a walk of this node is under way
     */
    public BalanceWatch(LocalMember local, Directory directory, Scheduler scheduler, LongSupplier clock,
            Duration joinSettle, Duration discoveryInterval, Consumer<String> walk, BooleanSupplier walkUnderWay) {
        this.local = local;
        this.directory = directory;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settle = joinSettle.toNanos();
        this.discoveryInterval = discoveryInterval;
        this.walk = walk;
        this.walkUnderWay = walkUnderWay;
    }

    /**
     * A member arrived in this node's view (a join, a merge, this node's own join): once arrivals have
     * settled, the lowest live member counts the roles.
     */
    public void arrived(String cause) {
        lastArrival = clock.getAsLong();
        arrivalCause = cause;
        if (!settling) {
            settling = true;
            settledWalk.dispose();
            settledWalk = scheduler.schedule(this::settled, settle, TimeUnit.NANOSECONDS);
        }
    }

    private void settled() {
        long wait = lastArrival + settle - clock.getAsLong();
        if (wait > 0) {
            settledWalk = scheduler.schedule(this::settled, wait, TimeUnit.NANOSECONDS);
            return;
        }
        settling = false;
        if (local.joined() && lowest()) {
            walk.accept(arrivalCause + (arrivalCause.startsWith("join") || arrivalCause.startsWith("merge")
                    ? ", once arrivals settled" : ""));
        }
    }

    /** Whether this node is the lowest live member in its view (the one that counts for everyone). */
    private boolean lowest() {
        return local.membership().ring().stream().map(MemberEntry::nodeId).min(String::compareTo)
                .orElse(local.id()).equals(local.id());
    }

    /** A discovery listing: the lowest member checks the ratio on its own view, unless members are still to come. */
    public void listed(List<Peer> found) {
        if (unseen(found).isEmpty()) {
            checkBalance();
        }
    }

    /** Whether a deficit counted now may be acted on (see the class comment); holds and walks again if not. */
    public Mono<Boolean> mayRebalance(boolean afterLoss) {
        long now = clock.getAsLong();
        long settledAt = lastArrival == Long.MIN_VALUE ? now : lastArrival + settle;
        if (!afterLoss && now < settledAt) {
            log.info("ring: {} holds a deficit until members stop arriving ({} ms)", local.id(),
                    (settledAt - now) / 1_000_000);
            walkAgainIn(settledAt - now, "members stopped arriving");
            return Mono.just(false);
        }
        return directory.members()
                .timeout(discoveryInterval, scheduler)
                .onErrorReturn(List.of())
                .publishOn(scheduler)
                .map(found -> {
                    if (!local.joined()) {
                        return false;
                    }
                    List<String> unseen = unseen(found);
                    if (unseen.isEmpty()) {
                        return true;
                    }
                    log.info("ring: {} holds a deficit: the name service lists {}, which this ring has not seen yet",
                            local.id(), unseen);
                    walkAgainIn(discoveryInterval.toNanos(), "members listed in the name service arrived");
                    return false;
                });
    }

    /** Forgets pending walks, as for a node that rejoins or stops. */
    public void reset() {
        settledWalk.dispose();
        settling = false;
        heldWalk.dispose();
    }

    private void checkBalance() {
        if (local.switching() || local.rejoining() || walkUnderWay.getAsBoolean()) {
            return;
        }
        List<MemberEntry> live = local.membership().ring();
        boolean settled = live.stream().allMatch(m -> m.status() == MemberStatus.ALIVE);
        String lowest = live.stream().map(MemberEntry::nodeId).min(String::compareTo).orElse(local.id());
        long digest = local.membership().digest();
        long now = clock.getAsLong();
        boolean checkedLately = balanceCheckedAt != Long.MIN_VALUE && digest == balanceChecked
                && now - balanceCheckedAt < BALANCE_RECHECK.toNanos();
        if (!settled || !lowest.equals(local.id()) || checkedLately) {
            return;
        }
        int data = (int) live.stream().filter(m -> m.role() == Role.DATA).count();
        int routers = live.size() - data;
        if (ImbalancePolicy.evaluate(data, routers).isPresent()) {
            balanceChecked = digest;
            balanceCheckedAt = now;
            walk.accept("balance check: this view has " + data + " data, " + routers + " routers");
        }
    }

    /** Members {@code found} in the name service that this ring has never held, less those listed too long to wait for. */
    private List<String> unseen(List<Peer> found) {
        long now = clock.getAsLong();
        long patience = discoveryInterval.multipliedBy(3).toNanos();
        List<String> unseen = found.stream().map(Peer::nodeId)
                .filter(id -> !id.equals(local.id()) && local.membership().get(id).isEmpty())
                .toList();
        unseenSince.keySet().retainAll(unseen);
        unseen.forEach(id -> unseenSince.putIfAbsent(id, now));
        return unseen.stream().filter(id -> now - unseenSince.get(id) < patience).toList();
    }

    private void walkAgainIn(long nanos, String cause) {
        heldWalk.dispose();
        heldWalk = scheduler.schedule(() -> {
            if (local.joined()) {
                walk.accept("held deficit, " + cause);
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }
}
