package org.dispotify.router.providers;

/**
 * A data node that can serve a whole song, and the URL of the song's audio: the node's own, or,
 * with {@code dispotify.router.relay-audio}, this router's relay of it.
 */
public record Provider(String nodeId, String url) {
}
