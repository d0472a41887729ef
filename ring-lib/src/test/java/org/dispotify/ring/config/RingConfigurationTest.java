package org.dispotify.ring.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.dispotify.ring.RingNode;
import org.dispotify.ring.RingProperties;
import org.dispotify.ring.naming.NameServer;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.node.NodeProperties;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.security.ClusterAuthenticationFilter;
import org.dispotify.ring.security.RequestSignature;
import org.dispotify.ring.view.RingView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

class RingConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withUserConfiguration(RingConfiguration.class)
            .withBean(NodeProperties.class, () -> new NodeProperties("n1", "127.0.0.1", 8081, Role.ROUTER, false))
            .withBean(CurrentRole.class, () -> new CurrentRole(Role.ROUTER, false))
            .withBean(NameServiceClient.class, () -> new NameServiceClient(WebClient.builder(),
                    List.of(new NameServer("127.0.0.1", 9)), Duration.ofMillis(200)))
            .withPropertyValues("dispotify.ring.suspicion-timeout=3s");

    @Test
    void wiresTheRingFromTheNodesBeansWithBoundProperties() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(RingView.class);
            assertThat(context.getBean(RingNode.class).self().nodeId()).isEqualTo("n1");
            assertThat(context.getBean(RingProperties.class).suspicionTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(context.getBean(RingProperties.class).probeInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(context.getBeansOfType(HandlerMapping.class)).containsKey("ringHandlerMapping");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void ringViewAnswersWithTheViewShape() {
        runner.run(context -> {
            RouterFunction<ServerResponse> route = context.getBean("ringViewRoute", RouterFunction.class);
            WebTestClient.bindToRouterFunction(route).build()
                    .get().uri("/ring/view").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.nodeId").isEqualTo("n1")
                    .jsonPath("$.role").isEqualTo("router")
                    .jsonPath("$.successors").isArray()
                    .jsonPath("$.members").isArray();
        });
    }

    @Test
    void withAClusterSecretOnlySignedHandshakesReachTheRing() {
        runner.withPropertyValues("dispotify.cluster.secret=ring-secret-for-this-test").run(context -> {
            ClusterAuthenticationFilter filter = context.getBean(ClusterAuthenticationFilter.class);
            RequestSignature member = context.getBean(RequestSignature.class);
            WebTestClient http = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .GET("/ring", request -> ServerResponse.ok().bodyValue("linked"))
                    .GET("/ring/view", request -> ServerResponse.ok().bodyValue("view"))
                    .build()).webFilter(filter).build();

            http.get().uri("/ring").exchange().expectStatus().isUnauthorized();
            http.get().uri("/ring").header(RequestSignature.HEADER, member.sign("GET", "/ring")).exchange()
                    .expectStatus().isOk();
            http.get().uri("/ring/view").exchange().expectStatus().isOk();
        });
    }

    @Test
    void withoutAClusterSecretTheRingIsOpen() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ClusterAuthenticationFilter.class));
    }

    @Test
    void rejectsAProbeTimeoutThatIsNotShorterThanTheInterval() {
        runner.withPropertyValues("dispotify.ring.probe-timeout=600ms").run(context ->
                assertThat(context).hasFailed());
    }
}
