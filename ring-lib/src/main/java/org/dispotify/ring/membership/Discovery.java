package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.dispotify.ring.message.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Every discovery interval, compares the ring with the name service: a member registered there that
 * this node does not hold live gets a sync. That is how rings that formed apart merge (nodes started
 * at the same instant), and how the two sides of a healed partition find each other again. Each
 * listing is also handed on (the balance watch holds deficits while it names members the ring has
 * not seen).
 */
public final class Discovery {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final LocalMember local;
    private final Directory directory;
    private final AntiEntropy antiEntropy;
    private final Scheduler scheduler;
    private final Duration interval;
    private final Consumer<List<Peer>> listed;
    private Disposable next = () -> { };

    /** @param listed told every listing the name service gave, after the syncs it called for went out */
    public Discovery(LocalMember local, Directory directory, AntiEntropy antiEntropy, Scheduler scheduler,
            Duration interval, Consumer<List<Peer>> listed) {
        this.local = local;
        this.directory = directory;
        this.antiEntropy = antiEntropy;
        this.scheduler = scheduler;
        this.interval = interval;
        this.listed = listed;
    }

    /** Compares one discovery interval from now, and every interval after. */
    public void start() {
        next.dispose();
        next = scheduler.schedule(this::discover, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void stop() {
        next.dispose();
    }

    private void discover() {
        if (!local.joined()) {
            return;
        }
        start();
        directory.members()
                .timeout(interval, scheduler)
                .onErrorReturn(List.of())
                .publishOn(scheduler)
                .subscribe(found -> {
                    if (!local.joined()) {
                        return;
                    }
                    // Members held dead are synced with too: alive in the name service, they were cut off, not
                    // dead (a healed partition), and a sync is how the two sides learn it (see Gossip.standsAgainst).
                    found.stream()
                            .filter(p -> !p.nodeId().equals(local.id())
                                    && local.membership().get(p.nodeId()).map(m -> !m.live()).orElse(true))
                            .forEach(p -> {
                                log.info("ring: {} finds {} in the name service but not live in its ring; syncing",
                                        local.id(), p.nodeId());
                                antiEntropy.syncWith(p);
                            });
                    listed.accept(found);
                });
    }
}
