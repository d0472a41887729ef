package org.dispotify.ring.config;

import org.dispotify.ring.membership.RingNode;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import reactor.core.scheduler.Scheduler;

/**
 * Starts the ring once the application is ready (the node is serving {@code /ring} and has registered
 * in the name service) and leaves it cleanly on shutdown.
 */
final class RingRuntime implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private final RingNode node;
    private final Scheduler scheduler;

    RingRuntime(RingNode node, Scheduler scheduler) {
        this.node = node;
        this.scheduler = scheduler;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        node.start();
    }

    @Override
    public void destroy() {
        try {
            node.stop();
        } finally {
            scheduler.dispose();
        }
    }
}
