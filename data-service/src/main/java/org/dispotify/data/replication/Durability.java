package org.dispotify.data.replication;

import java.util.List;

/** Where a song is durable now: the data nodes that confirmed a complete copy, this node first. */
public record Durability(List<String> holders) {

    public Durability {
        holders = List.copyOf(holders);
    }

    public int replicas() {
        return holders.size();
    }
}
