package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.RingNode;
import org.dispotify.ring.RingProperties;
import org.dispotify.ring.link.Faults;
import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.walk.RoleSwitcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Ring members in one JVM on virtual time: messages go through the real codec and are delivered
 * after {@code latency} on the receiver's scheduler. Deterministic, so timelines can be asserted exactly.
 */
public final class VirtualRing {

    /** An event and the virtual time (ms) it happened at. */
    public record Seen(long atMillis, RingEvent event) {
    }

    public final VirtualTimeScheduler time;
    public final Faults faults = new Faults();
    public final InMemoryDirectory directory = new InMemoryDirectory();
    public final List<Seen> events = new CopyOnWriteArrayList<>();
    private volatile List<Set<String>> cut = List.of();
    private final Sinks.Many<RingEvent> live = Sinks.many().multicast().directBestEffort();
    private final RingProperties properties;
    private final Duration latency;
    private final RingCodec codec = new RingCodec();
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private int nextPort = 20000;

    public final class Member {
        public final RingNode node;
        public final CurrentRole role;
        public final Scheduler scheduler;
        volatile boolean down;

        Member(RingNode node, CurrentRole role, Scheduler scheduler) {
            this.node = node;
            this.role = role;
            this.scheduler = scheduler;
        }
    }

    public VirtualRing(VirtualTimeScheduler time, RingProperties properties, Duration latency) {
        this.time = time;
        this.properties = properties;
        this.latency = latency;
    }

    public Member add(String id, Role role) {
        return add(id, role, false, time);
    }

    /** A member whose choice of contacts is seeded with {@code seed}. */
    public Member add(String id, Role role, long seed) {
        return add(id, role, false, time, directory, seed);
    }

    public Member add(String id, Role role, boolean pinned, Scheduler scheduler) {
        return add(id, role, pinned, scheduler, directory);
    }

    /** A member that finds others (and registers) through {@code names}: rings that form apart have different ones. */
    public Member add(String id, Role role, boolean pinned, Scheduler scheduler, InMemoryDirectory names) {
        return add(id, role, pinned, scheduler, names, id.hashCode());
    }

    private Member add(String id, Role role, boolean pinned, Scheduler scheduler, InMemoryDirectory names, long seed) {
        Peer peer = new Peer(id, "127.0.0.1", nextPort++);
        CurrentRole current = new CurrentRole(role, pinned);
        Transport transport = faults.wrap(id, new Wire(), time);
        RingNode node = RingNode.builder(peer, current)
                .properties(properties)
                .transport(transport)
                .directory(names)
                .switcher(new RoleSwitcher(current, List.of(), Duration.ofMinutes(1)))
                .scheduler(scheduler)
                .clock(() -> time.now(TimeUnit.NANOSECONDS))
                .random(new Random(seed))
                .metrics(new RingMetrics(new SimpleMeterRegistry()))
                .build();
        node.events().subscribe(e -> {
            events.add(new Seen(time.now(TimeUnit.MILLISECONDS), e));
            live.tryEmitNext(e);
        });
        Member member = new Member(node, current, scheduler);
        members.put(id, member);
        names.register(peer);
        node.start();
        return member;
    }

    /** Every member's events from now on. */
    public Flux<RingEvent> eventFlux() {
        return live.asFlux();
    }

    /** Virtual time (ms) of the first event matching, or -1. */
    public long firstAt(RingEvent.Type type, String observer, String subject) {
        return events.stream()
                .filter(s -> s.event().type() == type && s.event().subject().equals(subject)
                        && (observer == null || s.event().observer().equals(observer)))
                .mapToLong(Seen::atMillis)
                .findFirst()
                .orElse(-1);
    }

    public Member member(String id) {
        return members.get(id);
    }

    public Collection<Member> all() {
        return members.values();
    }

    /** Drops every message between the two sides, both ways (in flight too), until {@link #heal()}. */
    public void partition(Set<String> sideA, Set<String> sideB) {
        cut = List.of(Set.copyOf(sideA), Set.copyOf(sideB));
    }

    public void heal() {
        cut = List.of();
    }

    private boolean cut(String from, String to) {
        List<Set<String>> sides = cut;
        return !sides.isEmpty() && (sides.get(0).contains(from) && sides.get(1).contains(to)
                || sides.get(1).contains(from) && sides.get(0).contains(to));
    }

    /** Stops {@code id} dead: no more messages in or out, no timers. */
    public void crash(String id) {
        Member member = members.get(id);
        member.down = true;
        member.node.halt();
    }

    public void advance(Duration duration) {
        time.advanceTimeBy(duration);
    }

    public List<RingEvent> events(RingEvent.Type type, String subject) {
        List<RingEvent> out = new ArrayList<>();
        events.forEach(seen -> {
            if (seen.event().type() == type && seen.event().subject().equals(subject)) {
                out.add(seen.event());
            }
        });
        return out;
    }

    /** Delivers through the codec, after the latency, on the receiver's own scheduler. */
    private final class Wire implements Transport {

        @Override
        public void send(Peer to, RingMessage message) {
            RingMessage decoded = codec.decode(codec.encode(message));
            String from = message.from().nodeId();
            time.schedule(() -> {
                Member target = members.get(to.nodeId());
                if (target != null && !target.down && !cut(from, to.nodeId())) {
                    target.node.receive(Flux.just(decoded)).subscribe();
                }
            }, latency.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void retain(Collection<Peer> neighbours) {
        }

        @Override
        public void close() {
        }
    }
}
