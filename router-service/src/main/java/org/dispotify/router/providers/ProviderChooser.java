package org.dispotify.router.providers;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.catalog.Catalog;
import org.dispotify.router.relay.RelayProperties;
import org.dispotify.router.relay.RelayUrls;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;

/**
 * Picks the data nodes a listener streams a song from: the catalog's holders that answered their
 * latest list request, shuffled uniformly, first {@code max} of them.
 * <p>
 * The catalog is trusted without asking each holder again: a data node lists a song only once all
 * its chunks are stored (one transaction), and a holder that stops answering leaves the answer at
 * the next refresh. What remains is a copy deleted since the last refresh (ownership moved); the
 * player then fails over to the next provider. Asking {@code /complete} per listener cost two
 * loopback calls on every answer and put the data nodes' latency into the router's tail.
 * <p>
 * With {@code dispotify.router.relay-audio} a provider's URL is this router's relay of that node's
 * audio instead ({@link RelayUrls}), at the address the listener reached the router at.
 */
@Component
public class ProviderChooser {

    private final Catalog catalog;
    private final int max;
    private final boolean relay;

    ProviderChooser(Catalog catalog, RouterProperties properties, RelayProperties relay) {
        this.catalog = catalog;
        this.max = properties.providers().max();
        this.relay = relay.relayAudio();
    }

    /** As {@link #choose(String, URI)}; relay URLs, if on, are paths on whichever router was asked. */
    public Mono<Providers> choose(String songId) {
        return choose(songId, null);
    }

    /**
     * Up to {@code max} providers in random order; empty if no holder is answering.
     *
     * @param reachedAt the listener's request URI, whose scheme, host and port relay URLs use
     */
    public Mono<Providers> choose(String songId, URI reachedAt) {
        return catalog.holders(songId).map(holders -> {
            List<Member> candidates = new ArrayList<>(holders);
            candidates.removeIf(node -> !catalog.answering(node.nodeId()));
            Collections.shuffle(candidates, ThreadLocalRandom.current());
            List<Provider> providers = candidates.stream()
                    .limit(max)
                    .map(node -> new Provider(node.nodeId(), relay
                            ? RelayUrls.audioUrl(reachedAt, songId, node.nodeId())
                            : audioUrl(node, songId)))
                    .toList();
            return new Providers(songId, providers);
        });
    }

    static String audioUrl(Member node, String songId) {
        return UriComponentsBuilder.fromUriString(node.baseUrl())
                .path("/data/songs/{id}/audio")
                .buildAndExpand(songId)
                .encode()
                .toUriString();
    }
}
