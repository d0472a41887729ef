package org.dispotify.ring.view;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.dispotify.ring.message.RingMessage;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The ring's Micrometer meters (Prometheus: ring_probes_total, ring_detection_latency_seconds, ...). */
public final class RingMetrics {

    private final Counter probes;
    private final Counter suspicions;
    private final Counter dead;
    private final Counter roleSwitches;
    private final Timer detectionLatency;
    private final AtomicInteger members = new AtomicInteger();
    private final MeterRegistry registry;
    private final Map<Class<?>, Counter> sent = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> received = new ConcurrentHashMap<>();

    /** The wire name of each message type (ping, ack, gossip, ...), used as the {@code type} tag. */
    private static final Map<Class<?>, String> TYPE_NAMES = Arrays.stream(
                    RingMessage.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    public RingMetrics(MeterRegistry registry) {
        this.registry = registry;
        probes = Counter.builder("ring.probes").description("Direct probes sent to successors").register(registry);
        suspicions = Counter.builder("ring.suspicions").description("Members this node suspected").register(registry);
        dead = Counter.builder("ring.dead").description("Members this node declared dead").register(registry);
        roleSwitches = Counter.builder("ring.role.switches").description("Role switches of this node").register(registry);
        detectionLatency = Timer.builder("ring.detection.latency")
                .description("From the last answer of a member to this node's dead verdict on it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("ring.members", members, AtomicInteger::get)
                .description("Live members in this node's view").register(registry);
    }

    public void probed() {
        probes.increment();
    }

    public void suspected() {
        suspicions.increment();
    }

    public void declaredDead(Duration silentFor) {
        dead.increment();
        detectionLatency.record(silentFor);
    }

    /** A message handed to the transport (sent, or dropped if the link is down). */
    public void sent(RingMessage message) {
        sent.computeIfAbsent(message.getClass(), type -> messageCounter("ring.messages.sent",
                "Ring messages this node sent", type)).increment();
    }

    /** A message that arrived on an inbound link and decoded. */
    public void received(RingMessage message) {
        received.computeIfAbsent(message.getClass(), type -> messageCounter("ring.messages.received",
                "Ring messages this node received", type)).increment();
    }

    private Counter messageCounter(String name, String description, Class<?> type) {
        return Counter.builder(name).description(description)
                .tag("type", TYPE_NAMES.getOrDefault(type, type.getSimpleName())).register(registry);
    }

    public void switchedRole() {
        roleSwitches.increment();
    }

    public void members(int live) {
        members.set(live);
    }

    public Timer detectionLatency() {
        return detectionLatency;
    }
}
