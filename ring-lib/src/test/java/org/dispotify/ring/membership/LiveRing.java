package org.dispotify.ring.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.dispotify.ring.RingNode;
import org.dispotify.ring.RingProperties;
import org.dispotify.ring.link.Faults;
import org.dispotify.ring.link.Inbound;
import org.dispotify.ring.link.RingWebSocketHandler;
import org.dispotify.ring.link.WebSocketTransport;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingSnapshot;
import org.dispotify.ring.walk.RoleSwitcher;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Ring members in one JVM over real WebSockets on 127.0.0.1 random ports, without Spring contexts:
 * each member is a Reactor Netty server running Spring's WebSocket handshake and the production
 * {@link RingWebSocketHandler}, with an in-memory name service and fault injection.
 */
public final class LiveRing implements AutoCloseable {

    public final InMemoryDirectory directory = new InMemoryDirectory();
    public final Faults faults = new Faults();
    public final List<Timed> events = new CopyOnWriteArrayList<>();
    private final RingProperties properties;
    private final RingCodec codec = new RingCodec();
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    /** An event with the wall-clock time (System.nanoTime) it was seen. */
    public record Timed(long nanos, RingEvent event) {
    }

    public final class Member {
        public final String id;
        public final RingNode node;
        public final CurrentRole role;
        public final SimpleMeterRegistry registry;
        final DisposableServer server;
        final Scheduler scheduler;
        final WebSocketTransport transport;
        volatile boolean killed;

        Member(String id, RingNode node, CurrentRole role, SimpleMeterRegistry registry, DisposableServer server,
                Scheduler scheduler, WebSocketTransport transport) {
            this.id = id;
            this.node = node;
            this.role = role;
            this.registry = registry;
            this.server = server;
            this.scheduler = scheduler;
            this.transport = transport;
        }

        public RingSnapshot view() {
            return node.snapshot();
        }

        public WebSocketTransport transport() {
            return transport;
        }

        /** Like kill -9: the server stops answering and nothing is said to anyone. */
        public void kill() {
            killed = true;
            node.halt();
            server.disposeNow(Duration.ofSeconds(2));
            transport.close();
            scheduler.dispose();
        }
    }

    public LiveRing(RingProperties properties) {
        this.properties = properties;
    }

    public Member start(String id, Role role, boolean pinned, List<RoleHandover> handovers) {
        AtomicReference<Inbound> inbound = new AtomicReference<>(messages -> messages.then());
        RingWebSocketHandler handler = new RingWebSocketHandler(codec, messages -> inbound.get().receive(messages));
        HandshakeWebSocketService websockets = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(codec.maxFrameBytes())));
        websockets.start();
        HttpHandler http = WebHttpHandlerBuilder.webHandler(exchange -> {
            if (exchange.getRequest().getPath().value().equals("/ring")) {
                return websockets.handleRequest(exchange, handler);
            }
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return Mono.empty();
        }).build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(http))
                .bindNow(Duration.ofSeconds(5));

        Peer peer = new Peer(id, "127.0.0.1", server.port());
        CurrentRole current = new CurrentRole(role, pinned);
        Scheduler scheduler = Schedulers.newSingle("ring-" + id, true);
        WebSocketTransport transport = WebSocketTransport.create(codec, properties.connectTimeout(), null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RingNode node = RingNode.builder(peer, current)
                .properties(properties)
                .transport(faults.wrap(id, transport, Schedulers.parallel()))
                .directory(directory)
                .switcher(new RoleSwitcher(current, handovers, Duration.ofSeconds(30)))
                .scheduler(scheduler)
                .metrics(new RingMetrics(registry))
                .build();
        inbound.set(node);
        node.events().subscribe(e -> events.add(new Timed(System.nanoTime(), e)));
        Member member = new Member(id, node, current, registry, server, scheduler, transport);
        members.put(id, member);
        directory.register(peer);
        node.start();
        return member;
    }

    public Member start(String id, Role role) {
        return start(id, role, false, List.of());
    }

    public Member member(String id) {
        return members.get(id);
    }

    public List<Member> alive() {
        return members.values().stream().filter(m -> !m.killed).toList();
    }

    public List<RingSnapshot> views() {
        return alive().stream().map(Member::view).toList();
    }

    public Collection<RingEvent> events(RingEvent.Type type) {
        List<RingEvent> out = new ArrayList<>();
        events.forEach(t -> {
            if (t.event().type() == type) {
                out.add(t.event());
            }
        });
        return out;
    }

    /** Nanos of the first event of {@code type} about {@code subject}, or -1. */
    public long firstNanos(RingEvent.Type type, String subject) {
        return events.stream()
                .filter(t -> t.event().type() == type && t.event().subject().equals(subject))
                .mapToLong(Timed::nanos).findFirst().orElse(-1);
    }

    @Override
    public void close() {
        members.values().stream().filter(m -> !m.killed).forEach(m -> {
            m.node.halt();
            m.server.disposeNow(Duration.ofSeconds(2));
            m.transport.close();
            m.scheduler.dispose();
        });
    }
}
