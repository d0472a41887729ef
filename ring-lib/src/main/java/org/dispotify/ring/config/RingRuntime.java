package org.dispotify.ring.config;

import org.dispotify.ring.RingNode;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import reactor.core.scheduler.Scheduler;

/**
 * Starts the ring once the application is ready (the node is serving {@code /ring} and has registered
 * in the name service) and leaves it as soon as the context starts closing: the leave must go out
 * while the web server and its event loops still run, so neighbours drop this node at once instead
 * of suspecting it, and no ring link keeps the graceful shutdown waiting.
 */
final class RingRuntime implements ApplicationListener<ApplicationEvent>, DisposableBean {

    private final RingNode node;
    private final Scheduler scheduler;

    RingRuntime(RingNode node, Scheduler scheduler) {
        this.node = node;
        this.scheduler = scheduler;
    }

    private volatile boolean stopped;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent) {
            node.start();
        } else if (event instanceof ContextClosedEvent) {
            leave();
        }
    }

    private synchronized void leave() {
        if (!stopped) {
            stopped = true;
            node.stop();
        }
    }

    @Override
    public void destroy() {
        try {
            leave();
        } finally {
            scheduler.dispose();
        }
    }
}
