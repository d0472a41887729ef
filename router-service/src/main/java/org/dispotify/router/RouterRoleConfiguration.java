package org.dispotify.router;

import org.dispotify.ring.naming.NamingConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.context.annotation.Import;

/**
 * The router role: catalog, provider choice, upload routing and the web player's API. A node
 * application imports this; it brings its own name-service client and configuration properties
 * ({@code dispotify.router.*}) and needs nothing else but a WebFlux server.
 */
@Configuration(proxyBeanMethods = false)
// Fully qualified bean names: both role modules live in one context and share simple class names.
@ComponentScan(basePackageClasses = RouterRoleConfiguration.class, nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class)
@Import(NamingConfiguration.class)
@EnableConfigurationProperties(RouterProperties.class)
public class RouterRoleConfiguration {
}
