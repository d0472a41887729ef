package org.dispotify.dns.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the name service.
 *
 * @param dir the process's state directory; the records live in {@code dir/names.db}
 * @param dns the name service's own settings
 */
@ConfigurationProperties("dispotify")
public record NameServiceProperties(@DefaultValue(".dispotify") Path dir, @DefaultValue Dns dns) {

    /**
     * @param port DNS port, UDP and TCP alike; 0 picks a free port (tests)
     * @param bindAddress address the DNS servers bind
     * @param defaultTtlSeconds TTL of a registration that names none
     * @param sweepInterval how often expired records are looked for
     * @param healthTimeout limit for the one health check of an expired record's owner
     * @param healthCheckConcurrency health checks in flight at most
     * @param tcpIdleTimeout a DNS-over-TCP connection idle this long is closed
     */
    public record Dns(
            @DefaultValue("8600") int port,
            @DefaultValue("0.0.0.0") String bindAddress,
            @DefaultValue("10") int defaultTtlSeconds,
            @DefaultValue("500ms") Duration sweepInterval,
            @DefaultValue("1s") Duration healthTimeout,
            @DefaultValue("64") int healthCheckConcurrency,
            @DefaultValue("10s") Duration tcpIdleTimeout) {

        public Dns {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("dispotify.dns.port must be 0..65535, was " + port);
            }
            if (defaultTtlSeconds < 1 || defaultTtlSeconds > 3600) {
                throw new IllegalArgumentException(
                        "dispotify.dns.default-ttl-seconds must be 1..3600, was " + defaultTtlSeconds);
            }
            if (sweepInterval.isNegative() || sweepInterval.isZero()) {
                throw new IllegalArgumentException("dispotify.dns.sweep-interval must be positive");
            }
            if (healthCheckConcurrency < 1) {
                throw new IllegalArgumentException("dispotify.dns.health-check-concurrency must be >= 1");
            }
        }
    }
}
