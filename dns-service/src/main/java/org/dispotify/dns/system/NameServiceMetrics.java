package org.dispotify.dns.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The name service's meters. Counters are created once and cached, so the DNS hot path does
 * no registry look-up per query.
 */
@Component
public class NameServiceMetrics {

    private final MeterRegistry registry;
    private final Counter created;
    private final Counter renewed;
    private final Counter expiries;
    private final Counter healthAlive;
    private final Counter healthDead;
    private final Counter dropsDead;
    private final Counter dropsDeleted;
    private final Map<String, Counter> queries = new ConcurrentHashMap<>();

    NameServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.created = registrations(registry, "created");
        this.renewed = registrations(registry, "renewed");
        this.expiries = Counter.builder("dispotify.dns.expiries")
                .description("Records whose TTL ran out unrenewed").register(registry);
        this.healthAlive = healthChecks(registry, "alive");
        this.healthDead = healthChecks(registry, "dead");
        this.dropsDead = drops(registry, "dead");
        this.dropsDeleted = drops(registry, "deleted");
    }

    /** Publishes the live record count; called once by the registry. */
    public void recordCount(Supplier<Number> count) {
        Gauge.builder("dispotify.dns.records", count).description("Records held").register(registry);
    }

    public void registered(boolean wasCreated) {
        (wasCreated ? created : renewed).increment();
    }

    public void expired() {
        expiries.increment();
    }

    public void healthChecked(boolean alive) {
        (alive ? healthAlive : healthDead).increment();
    }

    public void dropped(boolean deadOwner) {
        (deadOwner ? dropsDead : dropsDeleted).increment();
    }

    public void query(String transport, String rcode) {
        queries.computeIfAbsent(transport + '/' + rcode, key -> Counter.builder("dispotify.dns.queries")
                .description("DNS queries answered")
                .tag("transport", transport).tag("rcode", rcode)
                .register(registry)).increment();
    }

    private static Counter registrations(MeterRegistry registry, String outcome) {
        return Counter.builder("dispotify.dns.registrations").description("PUTs of a record")
                .tag("outcome", outcome).register(registry);
    }

    private static Counter healthChecks(MeterRegistry registry, String outcome) {
        return Counter.builder("dispotify.dns.health.checks").description("Owner checks after expiry")
                .tag("outcome", outcome).register(registry);
    }

    private static Counter drops(MeterRegistry registry, String reason) {
        return Counter.builder("dispotify.dns.drops").description("Records removed")
                .tag("reason", reason).register(registry);
    }
}
