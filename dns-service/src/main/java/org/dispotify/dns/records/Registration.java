package org.dispotify.dns.records;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A held record with its TTL state. Immutable: the registry swaps whole values, and
 * {@code version} tells a health check whether the record changed while it was out.
 *
 * @param ipv4 the host as an address when it is an IPv4 literal, else null (no DNS A record)
 * @param expiresAtNanos deadline on the monotonic clock
 * @param checking the TTL ran out and the owner's health check is in flight
 */
public record Registration(NameRecord record, Inet4Address ipv4, long expiresAtNanos, boolean checking,
        long version, Instant registeredAt, Instant renewedAt) {

    static Registration create(NameRecord record, long now, Instant wall, long version) {
        return new Registration(record, ipv4(record.host()), deadline(now, record), false, version, wall, wall);
    }

    Registration renew(NameRecord renewed, long now, Instant wall, long version) {
        Inet4Address address = renewed.host().equals(record.host()) ? ipv4 : ipv4(renewed.host());
        return new Registration(renewed, address, deadline(now, renewed), false, version, registeredAt, wall);
    }

    Registration startCheck(long version) {
        return new Registration(record, ipv4, expiresAtNanos, true, version, registeredAt, renewedAt);
    }

    boolean expired(long now) {
        return now - expiresAtNanos >= 0;
    }

    /** Seconds left on the TTL, at least 1 (a record under check is still served), at most the TTL. */
    public int remainingSeconds(long now) {
        long left = expiresAtNanos - now;
        if (left <= 0) {
            return 1;
        }
        long seconds = (left + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
        return (int) Math.max(1, Math.min(seconds, record.ttlSeconds()));
    }

    private static long deadline(long now, NameRecord record) {
        return now + TimeUnit.SECONDS.toNanos(record.ttlSeconds());
    }

    private static Inet4Address ipv4(String host) {
        if (!RecordNames.isIpv4(host)) {
            return null;
        }
        String[] parts = host.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            // From bytes: never a name look-up.
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
