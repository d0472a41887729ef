package org.dispotify.router.providers;

/** A data node that can serve a whole song, and the URL of the song's audio there. */
public record Provider(String nodeId, String url) {
}
