package org.dispotify.dns.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.dispotify.ring.security.RequestSignature;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The name service's OpenAPI document: served at /v3/api-docs, browsable at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI nameServiceOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Dispotify name service")
                .version("0.1.0")
                .description("Records with TTLs for data and router nodes; the same names are served as "
                        + "real DNS (zone dispotify., UDP and TCP) on the DNS port. Errors are RFC 9457 "
                        + "problem+json. Reads are open; writes (PUT, DELETE) need a member's signature "
                        + "when the cluster has a secret."))
                .components(new Components().addSecuritySchemes(ApiDocs.CLUSTER_SIGNATURE, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(RequestSignature.HEADER)
                        .description("HMAC-SHA256 of the cluster secret over method, path with query, timestamp "
                                + "and nonce: `v1 ts=<epoch ms>,nonce=<32 hex>,sig=<base64url>`. Each nonce is "
                                + "accepted once, timestamps within ±60 s. Required only when the cluster has a "
                                + "secret (DISPOTIFY_CLUSTER_SECRET); see SECURITY.md.")));
    }

    /** Springdoc describes ProblemDetail by its Java fields; on the wire extensions sit at the top level. */
    @Bean
    OpenApiCustomizer nameServiceProblemSchema() {
        return api -> api.getComponents().addSchemas("ProblemDetail", problemSchema());
    }

    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, sent as application/problem+json. Extension members "
                        + "(e.g. errors) appear at the top level.")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Record not found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("No record of node 'node-8081' under 'data.dispotify'"))
                .addProperty("instance", new StringSchema().format("uri").example("/api/records/data.dispotify/node-8081"))
                .additionalProperties(true);
    }
}
