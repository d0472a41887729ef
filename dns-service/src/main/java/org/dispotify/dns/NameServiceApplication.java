package org.dispotify.dns;

import java.util.Map;

import org.dispotify.dns.system.NameServiceProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.context.annotation.PropertySource;

/**
 * The name service: HTTP API for records with TTLs, SQLite persistence and real DNS.
 *
 * <p>Spring Data JDBC repositories and Boot's SQL initialization are excluded on purpose: the
 * service keeps its records in one table through {@code JdbcClient}, applies its own uniquely
 * named schema, and must not pick up another module's {@code schema.sql} in the shared jar.
 */
@SpringBootApplication(exclude = {DataJdbcRepositoriesAutoConfiguration.class,
        DataSourceInitializationAutoConfiguration.class})
@EnableConfigurationProperties(NameServiceProperties.class)
@PropertySource("classpath:org/dispotify/dns/name-service.properties")
public class NameServiceApplication {

    /** Ports of DESIGN.md when started on its own; a caller's properties override them. */
    public static final Map<String, Object> DEFAULTS = Map.of("server.port", "8500");

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(NameServiceApplication.class);
        app.setDefaultProperties(DEFAULTS);
        app.run(args);
    }
}
