package org.dispotify.ring.view;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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

    public RingMetrics(MeterRegistry registry) {
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
