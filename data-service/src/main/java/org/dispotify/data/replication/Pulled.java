package org.dispotify.data.replication;

/** A node's answer to "copy this song": it holds it now; {@code created} if it copied it just now. */
public record Pulled(String id, String holder, boolean created) {
}
