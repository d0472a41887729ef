package org.dispotify.data.scrub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.data.store.SongStore;
import org.dispotify.data.stream.StreamMetrics;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The background scrub: damage is found before anyone reads it. Pass after pass, every item of every song
 * stored here ({@link ScrubTarget}s: the chunks, and whatever else is stored with a hash) is read and
 * checked against its hash, at most {@code dispotify.data.scrub.rate} bytes a second; a damaged one is
 * reported, and replication replaces it with a good copy from another holder, as for damage found on a
 * read. The scrub waits while this node streams more than {@code busy-above} bytes a second, and while
 * it does not hold the data role (a router's songs are on their way to their owners). One log line per
 * pass; meters {@code dispotify_scrub_*}; progress in {@code /data/replication/status}.
 */
@Component
public class Scrubber implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final Duration WAIT_WHILE_BUSY = Duration.ofSeconds(1);

    private final SongStore store;
    private final List<ScrubTarget> targets;
    private final ScrubProperties properties;
    private final ScrubMetrics metrics;
    private final DataSchedulers schedulers;
    private final ObjectProvider<CurrentRole> role;
    private final StreamingLoad load;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastPassEnd;
    private Disposable scrubbing = () -> { };

    Scrubber(SongStore store, List<ScrubTarget> targets, ScrubProperties properties, ScrubMetrics metrics,
             DataSchedulers schedulers, ObjectProvider<CurrentRole> role, StreamMetrics streams) {
        this.store = store;
        this.targets = List.copyOf(targets);
        this.properties = properties;
        this.metrics = metrics;
        this.schedulers = schedulers;
        this.role = role;
        this.load = new StreamingLoad(streams::bytesSent, System::nanoTime, properties.busyAbove().toBytes());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.enabled()) {
            log.info("Background scrub is off (dispotify.data.scrub.enabled=false)");
            return;
        }
        scrubbing = Mono.delay(properties.initialDelay())
                .thenMany(Flux.defer(() -> pass().onErrorResume(e -> {
                    log.warn("Scrub pass stopped: {}", e.toString());
                    return Mono.empty();
                }).thenMany(Mono.delay(properties.interval()))).repeat())
                .subscribe();
    }

    public ScrubStatus status() {
        Instant end = lastPassEnd;
        return new ScrubStatus(passes.get(), running.get(), checked.get(), damaged.get(), end == null ? null : end.toString());
    }

    /** One pass over every song held now (songs stored during the pass wait for the next one). */
    Mono<Void> pass() {
        return Mono.defer(() -> {
            running.set(true);
            checked.set(0);
            long started = System.nanoTime();
            Pacer pacer = new Pacer(properties.rate().toBytes(), System::nanoTime);
            AtomicLong bytes = new AtomicLong();
            AtomicLong found = new AtomicLong();
            List<String> songs = List.copyOf(store.ids());
            return Flux.fromIterable(songs)
                    .concatMap(id -> Flux.fromIterable(targets).concatMap(target -> target.items(id)
                            .flatMapMany(Flux::fromIterable)
                            .concatMap(item -> whenIdle().then(check(target, item, pacer, bytes, found)))))
                    .then(Mono.fromRunnable(() -> {
                        passes.incrementAndGet();
                        metrics.passed();
                        lastPassEnd = Instant.now();
                        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
                        // One line per pass; an empty store's passes (a router, a new node) only at debug.
                        boolean worthALine = !songs.isEmpty() || found.get() > 0;
                        String line = "Scrub pass {}: {} songs, {} items, {} KB checked in {} ms ({} KB/s), {} damaged";
                        Object[] figures = {passes.get(), songs.size(), checked.get(), bytes.get() / 1000, millis,
                                bytes.get() / millis, found.get()};
                        if (worthALine) {
                            log.info(line, figures);
                        } else {
                            log.debug(line, figures);
                        }
                    }))
                    .doFinally(signal -> running.set(false))
                    .then();
        });
    }

    private Mono<Void> check(ScrubTarget target, ScrubTarget.ScrubItem item, Pacer pacer, AtomicLong bytes,
                             AtomicLong found) {
        return Mono.fromCallable(() -> Optional.ofNullable(target.check(item)))
                .subscribeOn(schedulers.io())
                .flatMap(result -> {
                    if (result.isEmpty()) {
                        return Mono.empty(); // deleted meanwhile, or not hashed yet
                    }
                    ScrubTarget.Checked checkedItem = result.get();
                    checked.incrementAndGet();
                    bytes.addAndGet(checkedItem.bytes());
                    metrics.checked(target.kind(), checkedItem.bytes());
                    if (!checkedItem.intact()) {
                        found.incrementAndGet();
                        damaged.incrementAndGet();
                        metrics.damaged(target.kind(), 1);
                    }
                    return Mono.delay(pacer.after(checkedItem.bytes())).then();
                });
    }

    /** Completes at once, or once this node holds the data role and is not streaming heavily. */
    private Mono<Void> whenIdle() {
        return Mono.defer(() -> idle() ? Mono.<Void>empty()
                : Flux.interval(WAIT_WHILE_BUSY).filter(tick -> idle()).next().then());
    }

    private boolean idle() {
        CurrentRole current = role.getIfAvailable();
        boolean data = current == null || current.get() == Role.DATA;
        return data && !load.busy();
    }

    @Override
    public void destroy() {
        scrubbing.dispose();
    }
}
