package org.dispotify.router.relay;

import java.net.URI;

import org.springframework.web.util.UriComponentsBuilder;

/** Where a relayed song plays from: {@code /api/songs/{id}/audio?node=<nodeId>} on a router. */
public final class RelayUrls {

    static final String PATH = "/api/songs/{id}/audio";

    private RelayUrls() {
    }

    /**
     * The relay URL on the router the listener reached at {@code reachedAt} (scheme, host and port
     * of the listener's own request, so it is an address the listener can reach); a path alone when
     * {@code reachedAt} is null, which resolves against whatever the listener reached.
     */
    public static String audioUrl(URI reachedAt, String songId, String nodeId) {
        UriComponentsBuilder builder = reachedAt == null ? UriComponentsBuilder.newInstance()
                : UriComponentsBuilder.newInstance().scheme(reachedAt.getScheme()).host(reachedAt.getHost())
                        .port(reachedAt.getPort());
        // encode() before expanding: the values are encoded whole, reserved characters included.
        return builder.path(PATH).queryParam("node", "{node}")
                .encode()
                .buildAndExpand(songId, nodeId)
                .toUriString();
    }
}
