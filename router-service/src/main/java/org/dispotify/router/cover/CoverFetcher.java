package org.dispotify.router.cover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.naming.Member;
import org.dispotify.router.catalog.CoverSource;
import org.dispotify.router.nodes.DataNodeClient;
import org.dispotify.router.system.RouterProblems;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gets a cover's original bytes from one of the data nodes that hold its song, in random order, each
 * try bounded by the fetch timeout. The bytes must hash to the cover's id (its content address), or the
 * next holder is asked: a damaged copy is never served.
 */
@Component
class CoverFetcher {

    private final DataNodeClient client;
    private final CoverProperties properties;

    CoverFetcher(DataNodeClient client, CoverProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** The original, checked; empty if every holder says the song has no cover; 502 if none answered well. */
    Mono<CoverImage> original(CoverSource source) {
        List<Member> holders = new ArrayList<>(source.holders());
        Collections.shuffle(holders, ThreadLocalRandom.current());
        List<String> failures = new CopyOnWriteArrayList<>();
        return Flux.fromIterable(holders)
                .concatMap(node -> client.cover(node, source.songId(), properties.fetchTimeout())
                        .filter(fetched -> {
                            boolean intact = Sha256.hex(fetched.bytes()).equals(source.coverId());
                            if (!intact) {
                                failures.add(node.nodeId() + " sent bytes that do not match the cover's hash");
                            }
                            return intact;
                        })
                        .map(fetched -> new CoverImage(fetched.bytes(), fetched.mimeType()))
                        .onErrorResume(e -> {
                            failures.add(e.getMessage());
                            return Mono.empty();
                        }), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> failures.isEmpty()
                        ? RouterProblems.noCover("Song " + source.songId() + " has no cover on its data nodes.")
                        : RouterProblems.coverUnavailable("No data node holding song " + source.songId()
                                + " served its cover: " + String.join("; ", failures))));
    }
}
