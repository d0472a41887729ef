package org.dispotify.data.docs;

/** A document's key and digest: what anti-entropy compares before it sends anything. */
public record DocDigest(String key, String digest) {
}
