package org.dispotify.data.song;

/** Whether this node holds every chunk of a song, so it can serve the whole song. */
public record Completeness(boolean complete) {
}
