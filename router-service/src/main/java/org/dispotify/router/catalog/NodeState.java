package org.dispotify.router.catalog;

import org.dispotify.ring.naming.Member;

/**
 * What the router knows of one data node the name service lists.
 *
 * @param listing     its last good listing, or null before the first one or after it was dropped
 * @param lastOkNanos monotonic time of the last good answer
 * @param answering   whether its latest list request succeeded
 * @param asked       whether it was asked for its list at least once
 * @param version     bumped whenever {@code listing} changes, so unchanged catalogs are not rebuilt
 */
record NodeState(Member member, NodeListing listing, long lastOkNanos, boolean answering, boolean asked, long version) {

    static NodeState fresh(Member member) {
        return new NodeState(member, null, System.nanoTime(), false, false, 0);
    }

    NodeState withMember(Member latest) {
        return latest.equals(member) ? this : new NodeState(latest, listing, lastOkNanos, answering, asked, version + 1);
    }

    NodeState listed(NodeListing latest) {
        boolean same = latest == listing || (listing != null && latest.songs().equals(listing.songs()));
        return new NodeState(member, latest, System.nanoTime(), true, true, same ? version : version + 1);
    }

    NodeState failed() {
        return new NodeState(member, listing, lastOkNanos, false, true, version);
    }

    /** Drops the songs of a node that has not answered for {@code dropAfterNanos}. */
    NodeState expire(long nowNanos, long dropAfterNanos) {
        if (listing != null && !answering && nowNanos - lastOkNanos > dropAfterNanos) {
            return new NodeState(member, null, lastOkNanos, false, true, version + 1);
        }
        return this;
    }
}
