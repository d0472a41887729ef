package org.dispotify.node.host;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a role switch treats the requests of the role this node is leaving
 * ({@code dispotify.role-switch.*}).
 *
 * @param drainTimeout how long a switch waits for the old role's uploads under way to finish before it
 *                     hands over; past it the switch goes on and they still finish (nothing cuts them)
 */
@ConfigurationProperties("dispotify.role-switch")
public record RoleSwitchProperties(@DefaultValue("60s") Duration drainTimeout) {

    public RoleSwitchProperties {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("dispotify.role-switch.drain-timeout must not be negative");
        }
    }
}
