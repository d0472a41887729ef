package org.dispotify.data.docs;

import org.dispotify.crdt.Document;

/**
 * A document as this node holds it.
 *
 * @param key       its key
 * @param digest    SHA-256 of its canonical JSON: equal on two nodes exactly when they hold the same state
 * @param doc       the state
 * @param updatedAt when this node last changed it (epoch ms; this node's clock, for operators only)
 */
public record StoredDoc(String key, String digest, Document doc, long updatedAt) {
}
