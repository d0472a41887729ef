package org.dispotify.data.replication;

/** A summary of a set of song ids: how many, and the SHA-256 of the sorted ids, one per line. */
public record Digest(long count, String sha256) {
}
