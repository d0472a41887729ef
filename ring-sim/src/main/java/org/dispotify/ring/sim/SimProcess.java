package org.dispotify.ring.sim;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.RingNode;
import org.dispotify.ring.RingProperties;
import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.walk.RoleSwitcher;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One simulated node process: the production {@link RingNode} on a {@link NodeScheduler}, talking
 * through the simulated {@link Network} and {@link NameService}. Like a real node it registers in the
 * name service when it starts, renews every TTL/3, moves its record when its role switches, and starts
 * its ring a moment later. It can be paused, resumed, crashed, restarted (a new process on the same
 * port, a clean ring state), told to leave, and have its monotonic clock jump.
 */
public final class SimProcess implements Endpoint {

    /** Role handover times: a router that becomes data copies its songs first. */
    private static final Duration TO_DATA = Duration.ofMillis(800);
    private static final Duration TO_ROUTER = Duration.ofMillis(50);

    private final String id;
    private final Peer peer;
    private final boolean pinned;
    private final VirtualTime time;
    private final Network network;
    private final NameService names;
    private final RingProperties properties;
    private final Trace trace;
    private final long seed;
    private CurrentRole role;
    private NodeScheduler scheduler;
    private RingNode node;
    private long generation;
    private boolean up;
    private Disposable roleChanges = () -> { };

    SimProcess(String id, int port, Role initial, boolean pinned, VirtualTime time, Network network, NameService names,
            RingProperties properties, Trace trace, long seed) {
        this.id = id;
        this.peer = new Peer(id, "10.0." + (port / 250) + "." + (port % 250 + 1), port);
        this.pinned = pinned;
        this.time = time;
        this.network = network;
        this.names = names;
        this.properties = properties;
        this.trace = trace;
        this.seed = seed;
        this.role = new CurrentRole(initial, pinned);
        network.attach(this);
    }

    @Override
    public String id() {
        return id;
    }

    public Peer peer() {
        return peer;
    }

    @Override
    public int port() {
        return peer.port();
    }

    /** Counts process starts: a message sent to an earlier process on this port is not delivered to a later one. */
    @Override
    public long generation() {
        return generation;
    }

    /** The process exists (its port takes connections), paused or not. */
    @Override
    public boolean listening() {
        return up;
    }

    /** The process exists and is not paused: it runs code, answers probes and health checks. */
    public boolean running() {
        return up && !scheduler.paused();
    }

    public boolean paused() {
        return up && scheduler.paused();
    }

    public Role role() {
        return role.get();
    }

    public boolean pinned() {
        return pinned;
    }

    public RingSnapshot view() {
        return node == null ? null : node.snapshot();
    }

    /** Starts the process in {@code startRole}: registers, then starts the ring {@code ringDelay} later. */
    void start(Role startRole, long ringDelayNanos) {
        generation++;
        up = true;
        role = new CurrentRole(pinned ? role.get() : startRole, pinned);
        scheduler = new NodeScheduler(time);
        CurrentRole current = role;
        node = RingNode.builder(peer, current)
                .properties(properties)
                .transport(new SimTransport())
                .directory(new SimDirectory(names, scheduler))
                .switcher(new RoleSwitcher(current, List.of(new Handover(scheduler)), properties.handoverTimeout()))
                .scheduler(scheduler)
                .clock(scheduler::nanoTime)
                .random(new Random(seed * 31 + generation))
                .metrics(new RingMetrics(new CompositeMeterRegistry()))
                .build();
        RingNode started = node;
        node.events().subscribe(event -> {
            if (node == started) {
                trace.event(time.now(), event);
            }
        });
        names.register(current.get(), this);
        roleChanges = current.changes().skip(1).subscribe(next -> {
            names.deregister(next == Role.DATA ? Role.ROUTER : Role.DATA, id);
            names.register(next, this);
        });
        long renewEvery = names.ttl() / 3;
        scheduler.schedulePeriodically(() -> {
            if (!names.down()) {
                names.register(current.get(), this);
            }
        }, renewEvery, renewEvery, TimeUnit.NANOSECONDS);
        scheduler.schedule(node::start, ringDelayNanos, TimeUnit.NANOSECONDS);
        trace.fact(time.now(), Trace.Fact.STARTED, id, current.get().label() + (generation > 1 ? " restart" : ""));
    }

    /** kill -9: the process is gone, its port refuses connections. {@code known}: another member held it live. */
    void crash(boolean known) {
        stop();
        trace.fact(time.now(), Trace.Fact.CRASHED, id, known ? "known" : "unknown to the others");
    }

    /** A clean shutdown: the ring says leave, then the process exits. */
    void leave() {
        node.leave();
        scheduler.schedule(() -> {
            stop();
            trace.fact(time.now(), Trace.Fact.LEFT, id, "");
        }, 50, TimeUnit.MILLISECONDS);
    }

    void pause() {
        scheduler.pause();
        trace.fact(time.now(), Trace.Fact.PAUSED, id, "");
    }

    void resume() {
        scheduler.resume();
        trace.fact(time.now(), Trace.Fact.RESUMED, id, "");
    }

    void jumpClock(long nanos) {
        scheduler.jumpClock(nanos);
        trace.fact(time.now(), Trace.Fact.CLOCK_JUMPED, id, Long.toString(nanos / 1_000_000));
    }

    private void stop() {
        up = false;
        roleChanges.dispose();
        scheduler.stop();
        node = null;
    }

    @Override
    public void receive(RingMessage message) {
        RingNode target = node;
        scheduler.arrive(0, () -> target.receive(Flux.just(message)).subscribe());
    }

    /** The node's transport: everything goes through the network, from this process. */
    private final class SimTransport implements Transport {

        @Override
        public void send(Peer to, RingMessage message) {
            if (up && !scheduler.paused()) {
                network.send(SimProcess.this, to, message);
            }
        }

        @Override
        public void retain(Collection<Peer> neighbours) {
        }

        @Override
        public boolean refused(String nodeId) {
            return network.refused(id, nodeId);
        }

        @Override
        public void close() {
        }
    }

    /** Takes simulated time to prepare a new role, as copying songs does. */
    private static final class Handover implements RoleHandover {
        private final NodeScheduler scheduler;

        Handover(NodeScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public Mono<Void> prepare(Role from, Role next) {
            return Mono.delay(next == Role.DATA ? TO_DATA : TO_ROUTER, scheduler).then();
        }
    }
}
