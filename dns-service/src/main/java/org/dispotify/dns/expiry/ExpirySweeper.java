package org.dispotify.dns.expiry;

import java.time.Duration;

import org.dispotify.dns.records.RecordRegistry;
import org.dispotify.dns.records.Registration;
import org.dispotify.dns.system.NameServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Finds records whose TTL ran out unrenewed and checks each owner once: alive → another TTL,
 * dead → dropped. Records under check are still served. Runs on its own single thread.
 */
@Component
class ExpirySweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final RecordRegistry registry;
    private final HealthProbe probe;
    private final Duration interval;
    private final int concurrency;
    private Scheduler scheduler;
    private Disposable sweeps;

    ExpirySweeper(RecordRegistry registry, HealthProbe probe, NameServiceProperties properties) {
        this.registry = registry;
        this.probe = probe;
        this.interval = properties.dns().sweepInterval();
        this.concurrency = properties.dns().healthCheckConcurrency();
    }

    @Override
    public synchronized void start() {
        scheduler = Schedulers.newSingle("dns-sweeper");
        // concatMap: a sweep starts only when the previous one's checks are done, so a slow
        // owner cannot pile up checks; each check is bounded by the probe's timeout.
        sweeps = Flux.interval(interval, interval, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(registry.expiredUnchecked())
                        .mapNotNull(registry::beginCheck)
                        .flatMap(this::check, concurrency)
                        .then()
                        .onErrorResume(e -> {
                            log.warn("Expiry sweep failed", e);
                            return Mono.empty();
                        }), 0)
                .subscribe();
    }

    private Mono<Void> check(Registration checking) {
        return probe.alive(checking.record())
                .publishOn(scheduler)
                .doOnNext(alive -> registry.finishCheck(checking, alive))
                .then();
    }

    @Override
    public synchronized void stop() {
        if (sweeps != null) {
            sweeps.dispose();
            scheduler.dispose();
            sweeps = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeps != null;
    }
}
