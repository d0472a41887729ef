package org.dispotify.data.replication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

import org.dispotify.data.store.Sha256;
import org.dispotify.data.store.SongStore;
import org.springframework.stereotype.Component;

/**
 * What this node holds, seen through a member list: the ids a given node owns, and digests of the ids
 * two nodes both own. CPU work (a hash per song and node): callers run it off the event loop.
 */
@Component
class ReplicaIndex {

    private final SongStore store;

    ReplicaIndex(SongStore store) {
        this.store = store;
    }

    /** Held ids after {@code after} that {@code owner} owns (all held ids if owner is null), at most {@code limit}. */
    IdPage page(Membership members, String owner, String after, int limit) {
        NavigableSet<String> held = store.ids();
        NavigableSet<String> rest = after == null ? held : held.tailSet(after, false);
        List<String> ids = new ArrayList<>();
        String last = null;
        for (String id : rest) {
            last = id;
            if (owner == null || members.owns(owner, id)) {
                ids.add(id);
                if (ids.size() == limit) {
                    break;
                }
            }
        }
        boolean more = last != null && ids.size() == limit && held.higher(last) != null;
        return new IdPage(ids, more ? last : null);
    }

    /** The digest of the held ids that both {@code a} and {@code b} own. */
    Digest digest(Membership members, String a, String b) {
        MessageDigest digest = Sha256.digest();
        long count = 0;
        for (String id : store.ids()) {
            List<String> owners = members.owners(id);
            if (owners.contains(a) && owners.contains(b)) {
                digest.update(id.getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) '\n');
                count++;
            }
        }
        return new Digest(count, Sha256.hex(digest));
    }
}
