package org.dispotify.router.testing;

import reactor.netty.resources.LoopResources;

/**
 * Event loops of the fake servers, their own rather than Reactor Netty's global ones: a Spring
 * context that a test closes disposes the global resources, and must not take the fakes with it.
 */
final class FakeLoops {

    static final LoopResources LOOPS = LoopResources.create("fakes", 2, true);

    private FakeLoops() {
    }
}
