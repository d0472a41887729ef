package org.dispotify.node.harness.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Waits;
import org.dispotify.node.harness.workload.Operation.Kind;
import org.dispotify.node.harness.workload.Operation.Outcome;

/**
 * A Jepsen-style client workload against a {@link Cluster}'s routers: uploads of distinct small songs,
 * catalog reads and streaming reads checked byte for byte against what was uploaded, each recorded in a
 * {@link History} as OK, FAILED or INDETERMINATE with monotonic timestamps. Each operation resolves the
 * routers afresh and tries them in turn: a refused connection moves on to the next router, an answered
 * failure is retried on another router up to {@code retries} times, as the player does. Bounded: at most
 * {@code maxOperations} operations and {@code maxDuration} per {@link #start()}, and every call has a timeout.
 * <pre>
 * Workload workload = Workload.builder(cluster).threads(2).build();
 * workload.preload(1000);              // synchronous, distinct songs
 * workload.start();                    // background mix
 * ... inject faults ...
 * History history = workload.stop();
 * Durability.Verdict verdict = Durability.check(cluster, history.acknowledged(), Duration.ofSeconds(60));
 * </pre>
 */
public final class Workload implements AutoCloseable {

    private final Settings settings;
    private final RouterClient client;
    private final Routers routers;
    private final History history = new History();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong seeds;
    private final AtomicBoolean stop = new AtomicBoolean();
    private ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();

    private Workload(Routers routers, Settings settings) {
        this.settings = settings;
        this.client = new RouterClient(Duration.ofSeconds(1), settings.uploadTimeout, settings.readTimeout);
        this.routers = routers;
        // Distinct songs across workloads sharing one cluster: a random base, then one seed per upload.
        this.seeds = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40) * 1_000_000L);
    }

    public static Builder builder(Cluster cluster) {
        return new Builder(Routers.of(cluster));
    }

    /** A workload against routers found some other way (tests of the workload itself). */
    static Builder builder(Routers routers) {
        return new Builder(routers);
    }

    public History history() {
        return history;
    }

    /** Uploads {@code count} distinct songs now, on the workload's threads; returns how many were acknowledged. */
    public int preload(int count) {
        AtomicLong left = new AtomicLong(count);
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads);
        try {
            List<Future<?>> loaders = new ArrayList<>();
            for (int t = 0; t < settings.threads; t++) {
                loaders.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0 && !Thread.currentThread().isInterrupted()) {
                        upload();
                    }
                }));
            }
            long deadline = System.nanoTime() + settings.maxDuration.toNanos();
            for (Future<?> loader : loaders) {
                loader.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new AssertionError("preloading " + count + " songs took over " + settings.maxDuration + ": " + history.summary());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return (int) history.operations().stream().filter(o -> o.kind() == Kind.UPLOAD && o.ok()).count();
    }

    /** Starts the mixed workload in the background; it ends at {@link #stop()}, after maxOperations or after maxDuration. */
    public synchronized void start() {
        if (threads != null) {
            throw new IllegalStateException("already running");
        }
        stop.set(false);
        threads = Executors.newFixedThreadPool(settings.threads);
        long deadline = System.nanoTime() + settings.maxDuration.toNanos();
        AtomicLong budget = new AtomicLong(settings.maxOperations);
        for (int t = 0; t < settings.threads; t++) {
            running.add(threads.submit(() -> {
                while (!stop.get() && System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    runOne();
                    Waits.sleep(settings.pause);
                }
            }));
        }
    }

    /** Stops the background workload (in-flight calls finish within their timeouts) and returns the history. */
    public synchronized History stop() {
        stop.set(true);
        if (threads != null) {
            try {
                for (Future<?> f : running) {
                    f.get(settings.uploadTimeout.multipliedBy(settings.retries + 2).toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("the workload did not stop: " + e, e);
            } finally {
                threads.shutdownNow();
                threads = null;
                running.clear();
            }
        }
        return history;
    }

    /** Runs the mix for {@code duration} (bounded by maxDuration), then stops. */
    public History runFor(Duration duration) {
        start();
        Waits.sleep(duration);
        return stop();
    }

    @Override
    public void close() {
        stop.set(true);
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private void runOne() {
        int total = settings.uploadWeight + settings.catalogWeight + settings.streamWeight;
        int roll = ThreadLocalRandom.current().nextInt(total);
        Map<String, byte[]> acknowledged = history.acknowledged();
        if (roll < settings.uploadWeight || (roll >= settings.uploadWeight + settings.catalogWeight && acknowledged.isEmpty())) {
            upload();
        } else if (roll < settings.uploadWeight + settings.catalogWeight) {
            record(Kind.CATALOG, null, client::catalog);
        } else {
            List<String> ids = List.copyOf(acknowledged.keySet());
            String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            byte[] expected = acknowledged.get(id);
            record(Kind.STREAM, id, router -> client.stream(router, id, expected));
        }
    }

    private void upload() {
        byte[] song = Songs.wav(settings.songSeconds, seeds.incrementAndGet());
        String id = Songs.id(song);
        Operation op = record(Kind.UPLOAD, id, router -> client.upload(router, song, id));
        if (op.ok()) {
            history.acknowledge(id, song);
        }
    }

    /**
     * One operation: attempts on the routers the name service lists now, each at most once, in random
     * order; the list is resolved again when it runs out. An attempt that certainly did nothing
     * (refused connection, a node holding the other role) moves on to the next router at no cost; any
     * other failure spends one of the {@code retries} (after the router's Retry-After, if it sent one).
     * Bounded: every router at most twice (two resolutions) and {@code retries} answered failures.
     */
    private Operation record(Kind kind, String song, java.util.function.Function<java.net.URI, RouterClient.Attempt> call) {
        long number = seq.incrementAndGet();
        long start = history.now();
        RouterClient.Attempt attempt = new RouterClient.Attempt(Outcome.FAILED, "no router known");
        Outcome first = null;
        String target = null;
        int attempts = 0;
        int retriesLeft = settings.retries;
        List<String> failures = new ArrayList<>();
        java.util.Deque<Routers.Pick> untried = new java.util.ArrayDeque<>(routers.resolve());
        java.util.Set<String> tried = new java.util.HashSet<>();
        boolean resolvedAgain = false;
        boolean retryGranted = false;
        while (true) {
            if (untried.isEmpty() && !resolvedAgain) {
                // Every router of the list was tried: ask the name service again (a dead one may be gone, a new one listed).
                resolvedAgain = true;
                routers.resolve().stream().filter(p -> !tried.contains(p.id())).forEach(untried::add);
                if (untried.isEmpty() && retryGranted) {
                    untried.addAll(routers.resolve());
                }
            }
            Routers.Pick pick = untried.poll();
            if (pick == null) {
                break;
            }
            tried.add(pick.id());
            target = pick.id();
            attempts++;
            attempt = call.apply(pick.uri());
            if (first == null) {
                first = attempt.outcome();
            }
            if (attempt.outcome() == Outcome.OK) {
                break;
            }
            failures.add(pick.id() + ": " + attempt.detail());
            if (!attempt.elsewhere()) {
                if (retriesLeft == 0) {
                    break;
                }
                retriesLeft--;
                retryGranted = true;
                if (attempt.retryAfter() != null) {
                    Waits.sleep(attempt.retryAfter());
                }
            }
        }
        if (first == null) {
            first = attempt.outcome();
        }
        // Every failed attempt's router and reason, so a report shows why the retries did not help.
        String detail = attempt.outcome() == Outcome.OK || failures.size() < 2 ? attempt.detail()
                : String.join(" / then ", failures);
        Operation op = new Operation(number, kind, song, target, Math.max(1, attempts), start, history.now(),
                attempt.outcome(), first, detail);
        history.add(op);
        return op;
    }

    /** The moment (test JVM wall clock) the workload's history began; see {@link History#nanosAt(Instant)}. */
    public Instant began() {
        return history.wallTime(0);
    }

    private record Settings(int threads, long maxOperations, Duration maxDuration, int uploadWeight, int catalogWeight,
                            int streamWeight, int retries, double songSeconds, Duration pause, Duration uploadTimeout,
                            Duration readTimeout) {
    }

    /** Defaults: 2 threads, 50 ms between a thread's operations, mix 1 upload : 1 catalog : 2 streams, 1 retry, 0.2 s songs. */
    public static final class Builder {

        private final Routers routers;
        private int threads = 2;
        private long maxOperations = 100_000;
        private Duration maxDuration = Duration.ofMinutes(15);
        private int uploadWeight = 1;
        private int catalogWeight = 1;
        private int streamWeight = 2;
        private int retries = 1;
        private double songSeconds = 0.2;
        private Duration pause = Duration.ofMillis(50);
        private Duration uploadTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(5);

        private Builder(Routers routers) {
            this.routers = routers;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Upper bounds for one {@link #start()} (and for {@link #preload(int)}'s duration). */
        public Builder limits(long maxOperations, Duration maxDuration) {
            this.maxOperations = maxOperations;
            this.maxDuration = maxDuration;
            return this;
        }

        /** Relative weights of uploads, catalog reads and streaming reads. */
        public Builder mix(int uploads, int catalogReads, int streams) {
            this.uploadWeight = uploads;
            this.catalogWeight = catalogReads;
            this.streamWeight = streams;
            return this;
        }

        /**
         * Further attempts on another router after an answered failure (the player retries once); a
         * refused connection or a wrong-role answer moves on to the next router without counting.
         */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder songSeconds(double seconds) {
            this.songSeconds = seconds;
            return this;
        }

        /** The pause between one thread's operations (keeps the load light on a shared machine). */
        public Builder pause(Duration pause) {
            this.pause = pause;
            return this;
        }

        public Builder timeouts(Duration upload, Duration read) {
            this.uploadTimeout = upload;
            this.readTimeout = read;
            return this;
        }

        public Workload build() {
            if (threads < 1 || maxOperations < 1 || retries < 0 || uploadWeight + catalogWeight + streamWeight < 1) {
                throw new IllegalArgumentException("threads, operations and weights must be positive, retries >= 0");
            }
            return new Workload(routers, new Settings(threads, maxOperations, maxDuration, uploadWeight, catalogWeight,
                    streamWeight, retries, songSeconds, pause, uploadTimeout, readTimeout));
        }
    }
}
