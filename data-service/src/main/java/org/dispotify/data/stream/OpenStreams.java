package org.dispotify.data.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The songs whose audio or chunks are being streamed from this node now. Replication asks before it
 * deletes a surplus copy: a listener who started a song here (e.g. on a data node that has since
 * become a router) plays it to the end, and the copy goes at a later round.
 */
@Component
public class OpenStreams {

    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    void opened(String songId) {
        open.merge(songId, 1, Integer::sum);
    }

    void closed(String songId) {
        open.computeIfPresent(songId, (id, count) -> count > 1 ? count - 1 : null);
    }

    public boolean streaming(String songId) {
        return open.containsKey(songId);
    }
}
