package org.dispotify.router.providers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.catalog.Catalog;
import org.dispotify.router.nodes.DataNodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Picks the data nodes a listener streams a song from: the catalog's live holders that answered
 * their latest list request, shuffled uniformly, kept only if they confirm they hold the whole song
 * ({@code /complete}), first {@code max} of them. Taking the first confirmed nodes of a uniform
 * shuffle gives every confirmed node the same chance at every position.
 */
@Component
public class ProviderChooser {

    private static final Logger log = LoggerFactory.getLogger(ProviderChooser.class);

    private final Catalog catalog;
    private final DataNodeClient client;
    private final RouterProperties.Providers settings;
    private final CompletenessCache completeness;

    ProviderChooser(Catalog catalog, DataNodeClient client, RouterProperties properties) {
        this.catalog = catalog;
        this.client = client;
        this.settings = properties.providers();
        this.completeness = new CompletenessCache(settings.confirmedFor());
    }

    /** Up to {@code max} providers in random order; empty if no live holder has the whole song. */
    public Mono<Providers> choose(String songId) {
        return catalog.holders(songId).flatMap(holders -> {
            List<Member> candidates = new ArrayList<>(holders);
            candidates.removeIf(node -> !catalog.answering(node.nodeId()));
            Collections.shuffle(candidates, ThreadLocalRandom.current());
            return Flux.fromIterable(candidates)
                    .flatMapSequential(node -> holdsWhole(node, songId).filter(Boolean::booleanValue).map(ok -> node),
                            Math.max(1, candidates.size()))
                    .take(settings.max())
                    .map(node -> new Provider(node.nodeId(), audioUrl(node, songId)))
                    .collectList()
                    .map(providers -> new Providers(songId, providers));
        });
    }

    private Mono<Boolean> holdsWhole(Member node, String songId) {
        if (completeness.confirmed(node.nodeId(), songId)) {
            return Mono.just(true);
        }
        return client.isComplete(node, songId, settings.checkTimeout())
                .doOnNext(complete -> {
                    if (complete) {
                        completeness.confirm(node.nodeId(), songId);
                    }
                })
                .onErrorResume(e -> {
                    // A node that cannot say is not offered: the listener would hit the same wall.
                    log.debug("data node {} did not say whether it holds {}: {}", node.nodeId(), songId, e.toString());
                    return Mono.just(false);
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
