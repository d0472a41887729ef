package org.dispotify.ring.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.Role;

/**
 * The name service as the ring sees it: group records with a TTL, renewed by their owners every TTL/3;
 * a record whose TTL ran out is kept only if its owner answers a health check (a paused process does
 * not); deregistration removes a record at once; resolving answers the live records in a shuffled order.
 * It can be down for a while (an outage), when calls fail after the client's timeout.
 */
public final class NameService {

    private record Record(Role group, Peer peer, long expiresAt) {
    }

    private final VirtualTime time;
    private final SplittableRandom random;
    private final long ttl;
    private final Map<String, Record> records = new LinkedHashMap<>();
    private final Map<String, SimProcess> owners = new LinkedHashMap<>();
    private boolean down;

    public NameService(VirtualTime time, SplittableRandom random, long ttlNanos) {
        this.time = time;
        this.random = random;
        this.ttl = ttlNanos;
    }

    public long ttl() {
        return ttl;
    }

    public boolean down() {
        return down;
    }

    public void down(boolean value) {
        down = value;
    }

    /** Registers or renews {@code owner}'s record under {@code group} (moving it if it was in the other group). */
    void register(Role group, SimProcess owner) {
        records.put(owner.id(), new Record(group, owner.peer(), time.now() + ttl));
        owners.put(owner.id(), owner);
    }

    void deregister(Role group, String nodeId) {
        Record record = records.get(nodeId);
        if (record != null && record.group() == group) {
            records.remove(nodeId);
        }
    }

    /** The members of both groups, shuffled, after dropping lapsed records whose owners do not answer. */
    List<Peer> members() {
        expire();
        List<Peer> out = new ArrayList<>();
        records.values().forEach(r -> out.add(r.peer()));
        Collections.shuffle(out, new java.util.Random(random.nextLong()));
        return out;
    }

    /** How many records each group holds now. */
    public int count(Role group) {
        expire();
        return (int) records.values().stream().filter(r -> r.group() == group).count();
    }

    private void expire() {
        long now = time.now();
        records.entrySet().removeIf(e -> {
            if (e.getValue().expiresAt() > now) {
                return false;
            }
            SimProcess owner = owners.get(e.getKey());
            if (owner != null && owner.running() && owner.peer().equals(e.getValue().peer())) {
                // The health check answered: the record lives on.
                e.setValue(new Record(e.getValue().group(), e.getValue().peer(), now + ttl));
                return false;
            }
            return true;
        });
    }
}
