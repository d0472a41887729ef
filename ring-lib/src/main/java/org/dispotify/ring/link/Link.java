package org.dispotify.ring.link;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.dispotify.ring.message.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One outbound WebSocket connection to a peer's {@code /ring}. Frames queue (boundedly) while the
 * connection opens; when the queue is full, frames are dropped, which the protocol tolerates. The link
 * ends when either side closes it, the handshake does not finish in time, or the connection fails.
 */
final class Link {

    private static final Logger log = LoggerFactory.getLogger(Link.class);
    private static final int QUEUE = 256;

    final Peer peer;
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(QUEUE).get());
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean connected;
    private volatile boolean ended;
    private volatile boolean refused;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile Disposable connection = () -> { };

    Link(Peer peer) {
        this.peer = peer;
    }

    void start(WebSocketClient client, HttpHeaders headers, Duration connectTimeout, Consumer<Link> onEnd) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        connection = client.execute(peer.ringUri(), headers, session -> {
                    connected = true;
                    Mono<Void> sending = session.send(out.asFlux().map(session::textMessage)).then(session.close());
                    Mono<Void> remoteClosed = session.receive().then();
                    return sending.or(remoteClosed);
                })
                .doOnError(e -> refused = isRefusal(e))
                .doFinally(signal -> {
                    ended = true;
                    onEnd.accept(this);
                })
                .subscribe(done -> { }, e -> log.debug("ring link to {} failed: {}", peer, e.toString()));
        Mono.delay(connectTimeout).subscribe(tick -> {
            if (!connected && !ended) {
                log.debug("ring link to {} not open after {}; giving up", peer, connectTimeout);
                connection.dispose();
                ended = true;
                onEnd.accept(this);
            }
        });
    }

    /** Queues a frame; false if the link has ended or its queue is full. */
    synchronized boolean offer(String frame) {
        lastUsedNanos = System.nanoTime();
        return !ended && out.tryEmitNext(frame).isSuccess();
    }

    /** Sends what is queued, then closes. */
    synchronized void close() {
        out.tryEmitComplete();
        if (!connected) {
            connection.dispose();
        }
    }

    /** Ends the link at once, dropping what is queued and the connection. */
    void abort() {
        ended = true;
        out.tryEmitComplete();
        connection.dispose();
    }

    boolean ended() {
        return ended;
    }

    boolean connected() {
        return connected && !ended;
    }

    boolean everConnected() {
        return connected;
    }

    /** The connection attempt failed because the peer's port refused it (nobody listens there). */
    boolean refused() {
        return refused;
    }

    static boolean isRefusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            // Netty's connect timeout is a ConnectException too, so the message decides.
            if (e instanceof java.net.ConnectException && e.getMessage() != null
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection refused")) {
                return true;
            }
        }
        return false;
    }

    boolean idleFor(Duration duration) {
        return System.nanoTime() - lastUsedNanos > duration.toNanos();
    }
}
