package org.dispotify.ring.link;

import org.dispotify.ring.message.RingMessage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Takes the decoded messages of one inbound link; completes when the ring is done with them. */
@FunctionalInterface
public interface Inbound {

    Mono<Void> receive(Flux<RingMessage> messages);
}
