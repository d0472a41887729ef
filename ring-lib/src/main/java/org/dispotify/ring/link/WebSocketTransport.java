package org.dispotify.ring.link;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.message.RingCodecException;
import org.dispotify.ring.message.RingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Outbound ring links over Reactor Netty WebSockets, one per peer, opened on first use and kept for
 * ring neighbours. Links carry traffic one way (to the peer); replies come back on the peer's own link.
 * A peer that just refused a connection is not redialled for a short while, so probing a dead member
 * does not turn into a connect storm.
 */
public final class WebSocketTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final Duration IDLE_LINK = Duration.ofSeconds(10);
    private static final Duration REDIAL_PAUSE = Duration.ofMillis(200);

    private final WebSocketClient client;
    private final RingCodec codec;
    private final RequestSignature signature;
    private final Duration connectTimeout;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    private final Set<String> refusedBy = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param signature signs each link handshake as a cluster member; null in an open, loopback-only cluster
     */
    public WebSocketTransport(WebSocketClient client, RingCodec codec, Duration connectTimeout, RequestSignature signature) {
        this.client = client;
        this.codec = codec;
        this.connectTimeout = connectTimeout;
        this.signature = signature;
    }

    /** A transport on a Reactor Netty client with the connect timeout and frame cap applied. */
    public static WebSocketTransport create(RingCodec codec, Duration connectTimeout, RequestSignature signature) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        WebSocketClient client = new ReactorNettyWebSocketClient(http,
                () -> WebsocketClientSpec.builder().maxFramePayloadLength(codec.maxFrameBytes()));
        return new WebSocketTransport(client, codec, connectTimeout, signature);
    }

    @Override
    public void send(Peer to, RingMessage message) {
        if (closed) {
            return;
        }
        String frame;
        try {
            frame = codec.encode(message);
        } catch (RingCodecException e) {
            log.warn("not sending {} to {}: {}", message.getClass().getSimpleName(), to.nodeId(), e.getMessage());
            return;
        }
        Link link = linkTo(to);
        if (link != null && !link.offer(frame)) {
            log.debug("dropped {} to {}: link ended or full", message.getClass().getSimpleName(), to.nodeId());
        }
    }

    @Override
    public void retain(Collection<Peer> neighbours) {
        if (closed) {
            return;
        }
        Set<String> keep = neighbours.stream().map(Peer::nodeId).collect(Collectors.toSet());
        neighbours.forEach(this::linkTo);
        links.values().forEach(link -> {
            if (!keep.contains(link.peer.nodeId()) && link.idleFor(IDLE_LINK) && links.remove(link.peer.nodeId(), link)) {
                link.close();
            }
        });
    }

    @Override
    public void forget(String nodeId) {
        Link link = links.remove(nodeId);
        if (link != null) {
            link.abort();
        }
    }

    @Override
    public void close() {
        closed = true;
        links.values().forEach(Link::close);
        links.clear();
    }

    @Override
    public boolean refused(String nodeId) {
        Link current = links.get(nodeId);
        if (current != null && current.connected()) {
            refusedBy.remove(nodeId);
            return false;
        }
        return refusedBy.contains(nodeId);
    }

    /** Peers with an open link now (for the view and tests). */
    public Set<String> connectedPeers() {
        return links.values().stream().filter(Link::connected).map(link -> link.peer.nodeId())
                .collect(Collectors.toUnmodifiableSet());
    }

    private Link linkTo(Peer to) {
        Link current = links.get(to.nodeId());
        if (current != null && !current.ended() && current.peer.equals(to)) {
            return current;
        }
        Long failed = failedAt.get(to.nodeId());
        if (failed != null && System.nanoTime() - failed < REDIAL_PAUSE.toNanos()) {
            return null;
        }
        Link fresh = new Link(to);
        Link chosen = links.compute(to.nodeId(), (id, existing) ->
                existing != null && !existing.ended() && existing.peer.equals(to) ? existing : fresh);
        if (chosen == fresh) {
            if (current != null && current != fresh) {
                current.close();
            }
            // Started outside compute(): a connection that fails at once calls back into the map.
            fresh.start(client, handshakeHeaders(), connectTimeout, this::ended);
        }
        return chosen;
    }

    /** A fresh signature per dial: a nonce is good once, so a redial must not reuse the last one. */
    private HttpHeaders handshakeHeaders() {
        HttpHeaders headers = new HttpHeaders();
        if (signature != null) {
            headers.add(RequestSignature.HEADER, signature.sign("GET", RingWebSocketHandler.PATH));
        }
        return headers;
    }

    private void ended(Link link) {
        String id = link.peer.nodeId();
        if (link.refused()) {
            refusedBy.add(id);
        } else if (link.everConnected()) {
            refusedBy.remove(id);
        }
        if (links.remove(id, link) && !link.everConnected()) {
            failedAt.put(id, System.nanoTime());
        }
    }
}
