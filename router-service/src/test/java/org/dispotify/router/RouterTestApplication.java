package org.dispotify.router;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A router alone, set up as the node application sets it up: auto-configuration plus an import of
 * the role's configuration, no component scan of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RouterRoleConfiguration.class)
public class RouterTestApplication {
}
