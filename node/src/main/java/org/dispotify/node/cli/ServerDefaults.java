package org.dispotify.node.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spring properties every server process of Dispotify shares, in two kinds. What the command resolved from its
 * options ({@link #resolved}) is this process's configuration and must win over everything, the environment
 * included: an option reads its DISPOTIFY_* variable, and Spring would otherwise bind that same variable to the
 * property of the same name (DISPOTIFY_DIR to {@code dispotify.dir}) over the resolved value (a claimed state
 * slot under it: every scaled replica then shared one song store). The rest ({@link #tunable}) are defaults an
 * operator may override with Spring's usual means.
 */
final class ServerDefaults {

    private ServerDefaults() {
    }

    static Map<String, Object> resolved(String applicationName, int port, String bindAddress, String dir) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.application.name", applicationName);
        properties.put("server.port", port);
        properties.put("server.address", bindAddress);
        properties.put("dispotify.dir", dir);
        return properties;
    }

    static Map<String, Object> tunable(String applicationName) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.shutdown", "graceful");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
        properties.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("management.info.env.enabled", "false");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jackson.deserialization.fail-on-unknown-properties", "false");
        properties.put("server.error.include-message", "always");
        properties.put("spring.webflux.problemdetails.enabled", "true");
        properties.put("logging.pattern.console",
                "%d{HH:mm:ss.SSS} %-5level [" + applicationName + "] %logger{24} - %msg%n");
        return properties;
    }
}
