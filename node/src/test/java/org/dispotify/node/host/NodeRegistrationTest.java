package org.dispotify.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dispotify.ring.naming.NameServer;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.naming.NamingProperties;
import org.dispotify.ring.node.NodeProperties;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The node's records in the name service follow its role, also when a renewal races the switch. */
class NodeRegistrationTest {

    /** "group nodeId" of every record the fake name service holds. */
    private final Set<String> records = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean lateRenewal = new AtomicBoolean();
    private final DisposableServer nameService = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .put("/api/records", (req, res) -> req.receive().aggregate().asString()
                            .doOnNext(body -> records.add(field(body, "name") + " " + field(body, "nodeId")))
                            .then(res.status(200).send()))
                    .delete("/api/records/{name}/{nodeId}", (req, res) -> {
                        String key = req.param("name") + " " + req.param("nodeId");
                        boolean held = records.remove(key);
                        if (lateRenewal.getAndSet(false)) {
                            // A renewal of the old group that was on its way when the node left lands now.
                            records.add(key);
                        }
                        return res.status(held ? 204 : 404).send();
                    }))
            .bindNow(Duration.ofSeconds(5));
    private NodeRegistration registration;

    @AfterEach
    void stop() {
        if (registration != null) {
            registration.leaveNameService();
        }
        nameService.disposeNow(Duration.ofSeconds(5));
    }

    @Test
    void aRenewalOfTheOldGroupThatLandsAfterTheSwitchIsDeletedAgain() {
        CurrentRole role = new CurrentRole(Role.DATA, false);
        NameServiceClient names = new NameServiceClient(WebClient.builder(),
                List.of(NameServer.parse("127.0.0.1:" + nameService.port())), Duration.ofSeconds(1));
        registration = new NodeRegistration(names, new NodeProperties("n1", "127.0.0.1", 8081, Role.DATA, false),
                new NamingProperties(List.of("127.0.0.1:" + nameService.port()), Duration.ofSeconds(1), 1), role);
        registration.joinNameService();
        assertThat(records).containsExactly("data.dispotify n1");

        lateRenewal.set(true);
        role.switchTo(Role.ROUTER);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lateRenewal).as("the late renewal happened").isFalse();
            assertThat(records).containsExactly("router.dispotify n1");
        });
        // The repeated leave ends (one TTL) and does not touch the new group.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(records).containsExactly("router.dispotify n1"));
    }

    @Test
    void switchingBackStopsTheRepeatedLeaveOfTheGroupTheNodeRejoined() {
        CurrentRole role = new CurrentRole(Role.DATA, false);
        NameServiceClient names = new NameServiceClient(WebClient.builder(),
                List.of(NameServer.parse("127.0.0.1:" + nameService.port())), Duration.ofSeconds(1));
        registration = new NodeRegistration(names, new NodeProperties("n1", "127.0.0.1", 8081, Role.DATA, false),
                new NamingProperties(List.of("127.0.0.1:" + nameService.port()), Duration.ofSeconds(1), 3), role);
        registration.joinNameService();

        role.switchTo(Role.ROUTER);
        role.switchTo(Role.DATA);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(records).contains("data.dispotify n1"));
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        int from = at + name.length() + 4;
        return json.substring(from, json.indexOf('"', from));
    }
}
