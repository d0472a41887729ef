package org.dispotify.ring.config;

import java.util.Map;

import org.dispotify.ring.link.LinkLimits;
import org.dispotify.ring.link.RingWebSocketHandler;
import org.dispotify.ring.link.WebSocketTransport;
import org.dispotify.ring.membership.NameServiceDirectory;
import org.dispotify.ring.RingNode;
import org.dispotify.ring.RingProperties;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.node.NodeProperties;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.RoleHandover;
import org.dispotify.ring.security.ClusterAuthenticationFilter;
import org.dispotify.ring.security.ClusterSecurityConfiguration;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingView;
import org.dispotify.ring.walk.RoleSwitcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The ring for a node process. Needs {@link NodeProperties}, {@link CurrentRole} and a
 * {@link NameServiceClient} bean; {@link RoleHandover} beans are optional. Provides the {@code /ring}
 * WebSocket endpoint, {@code GET /ring/view}, the {@link RingNode} (a {@link RingView}) and the
 * ring metrics. The ring starts on {@code ApplicationReadyEvent} and leaves on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RingProperties.class, LinkLimits.class})
@Import(ClusterSecurityConfiguration.class)
public class RingConfiguration {

    @Bean
    RingMetrics ringMetrics(ObjectProvider<MeterRegistry> registry) {
        return new RingMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    RingCodec ringCodec(RingProperties properties) {
        return new RingCodec(properties.maxFrameBytes());
    }

    @Bean
    RingNode ringNode(NodeProperties node, CurrentRole role, NameServiceClient names, RingProperties properties,
            ObjectProvider<RoleHandover> handovers, RingMetrics metrics, RingCodec codec,
            ObjectProvider<RequestSignature> signature) {
        return RingNode.builder(new Peer(node.id(), node.host(), node.port()), role)
                .properties(properties)
                .transport(WebSocketTransport.create(codec, properties.connectTimeout(), signature.getIfAvailable()))
                .directory(new NameServiceDirectory(names))
                .switcher(new RoleSwitcher(role, handovers.orderedStream().toList(), properties.handoverTimeout()))
                .scheduler(Schedulers.newSingle("ring-" + node.id(), true))
                .metrics(metrics)
                .build();
    }

    @Bean
    RingRuntime ringRuntime(RingNode ringNode) {
        return new RingRuntime(ringNode, ringNode.scheduler());
    }

    @Bean
    HandlerMapping ringHandlerMapping(RingNode ringNode, RingCodec codec, LinkLimits linkLimits) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
                Map.of(RingWebSocketHandler.PATH, new RingWebSocketHandler(codec, ringNode, linkLimits)));
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return mapping;
    }

    /** With a cluster secret, only members may open ring links: the handshake carries their signature. */
    @Bean
    @ConditionalOnProperty(prefix = "dispotify.cluster", name = "secret")
    ClusterAuthenticationFilter ringLinksNeedClusterAuth(RequestSignature signature) {
        return new ClusterAuthenticationFilter(signature,
                request -> request.getPath().value().equals(RingWebSocketHandler.PATH));
    }

    @Bean
    WebSocketHandlerAdapter ringWebSocketHandlerAdapter(RingProperties properties) {
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(properties.maxFrameBytes()))));
    }

    @Bean
    RouterFunction<ServerResponse> ringViewRoute(RingView ringView) {
        return RouterFunctions.route()
                .GET("/ring/view", request -> ServerResponse.ok().bodyValue(ringView.snapshot()))
                .build();
    }
}
