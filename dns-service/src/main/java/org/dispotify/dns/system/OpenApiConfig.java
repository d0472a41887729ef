package org.dispotify.dns.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI nameServiceOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Dispotify name service")
                .version("0.1.0")
                .description("Records with TTLs for data and router nodes; the same names are served as "
                        + "real DNS (zone dispotify., UDP and TCP) on the DNS port. Errors are RFC 9457 "
                        + "problem+json."));
    }
}
