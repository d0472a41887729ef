package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a server command resolved wins over the environment; its defaults do not. A system property stands in for
 * the environment variable here: it ranks above the OS environment in Spring, so what beats it beats DISPOTIFY_DIR.
 */
class ServerStartTest {

    @SpringBootConfiguration
    static class NoBeans {
    }

    @AfterEach
    void clear() {
        System.clearProperty("dispotify.dir");
        System.clearProperty("server.shutdown");
    }

    @Test
    void theStateSlotTheCommandClaimedWinsOverTheSharedDirectoryTheEnvironmentNames() {
        System.setProperty("dispotify.dir", "/var/lib/dispotify");

        try (ConfigurableApplicationContext context = ServerStart.start(NoBeans.class,
                Map.of("dispotify.dir", "/var/lib/dispotify/slot-2"), Map.of("spring.main.web-application-type", "none"), null)) {
            assertThat(context.getEnvironment().getProperty("dispotify.dir")).isEqualTo("/var/lib/dispotify/slot-2");
        }
    }

    @Test
    void aDefaultCanStillBeOverriddenTheUsualWay() {
        System.setProperty("server.shutdown", "immediate");
        Map<String, Object> tunable = ServerDefaults.tunable("test");
        tunable.put("spring.main.web-application-type", "none");

        try (ConfigurableApplicationContext context = ServerStart.start(NoBeans.class, Map.of(), tunable, null)) {
            assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("immediate");
            assertThat(context.getEnvironment().getProperty("management.endpoint.health.show-details")).isEqualTo("always");
        }
    }

    @Test
    void valuesWithEqualsSignsAndSpacesArriveWhole() {
        assertThat(ServerStart.arguments(Map.of("dispotify.cluster.secret", "a=b c"))).containsExactly("--dispotify.cluster.secret=a=b c");
    }
}
