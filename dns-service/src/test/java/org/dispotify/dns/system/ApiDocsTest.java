package org.dispotify.dns.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.dispotify.testsupport.apidocs.OpenApiContract;
import org.dispotify.testsupport.apidocs.OpenApiContract.Exclusion;
import org.dispotify.testsupport.apidocs.OpenApiContract.Route;
import org.dispotify.dns.NameServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name service's OpenAPI document, as served, is valid OpenAPI, documents every route the
 * service answers (and nothing else), with problem+json errors and examples. Runs with a cluster
 * secret, so the signature filter on record writes is live while the document is read.
 */
@SpringBootTest(classes = NameServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.dns.port=0", "dispotify.dns.bind-address=127.0.0.1",
                "dispotify.cluster.secret=a-cluster-secret-for-api-docs"})
@AutoConfigureWebTestClient
class ApiDocsTest {

    /** Routes that cannot fail other than by a crash: listing the held records. */
    private static final Set<Route> CANNOT_FAIL = Set.of(new Route("GET", "/api/records"));

    private static final List<Exclusion> EXCLUSIONS = List.of(
            OpenApiContract.SPRINGDOC, OpenApiContract.ACTUATOR, OpenApiContract.STATIC_RESOURCES);

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("dns-api-docs");
        registry.add("dispotify.dir", dir::toString);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    private String json;
    private OpenAPI api;

    @BeforeEach
    void fetchTheDocument() throws IOException {
        // The first request builds the document: slow on a busy machine.
        http = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        json = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        // Kept for reading and diffing; not an input to anything.
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/name-service.json"), json);
        SwaggerParseResult parsed = OpenApiContract.parse(json);
        assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
        api = parsed.getOpenAPI();
    }

    @Test
    void everyServedRouteIsDocumentedAndNothingElse() {
        Set<Route> routes = OpenApiContract.toDocument(OpenApiContract.served(context), EXCLUSIONS);
        assertThat(OpenApiContract.documented(api)).as("documented routes").isEqualTo(routes);
        assertThat(routes).contains(new Route("PUT", "/api/records"), new Route("GET", "/api/resolve/{name}"));
        assertThat(api.getPaths()).as("actuator is left out of the document on purpose")
                .allSatisfy((path, item) -> assertThat(path).doesNotStartWith("/actuator"));
    }

    @Test
    void everyOperationDocumentsItsSuccessAndTheProblemsItCanAnswer() {
        assertThat(OpenApiContract.withoutSuccessResponses(api)).isEmpty();
        assertThat(OpenApiContract.withoutErrorResponses(api, CANNOT_FAIL)).isEmpty();
        assertThat(OpenApiContract.errorsNotProblems(api, Set.of())).isEmpty();
    }

    @Test
    void everyBodyHasAConcreteMediaTypeAndJsonOnesAnExample() {
        assertThat(OpenApiContract.wildcardMediaTypes(api)).isEmpty();
        assertThat(OpenApiContract.jsonBodiesWithoutExamples(api)).isEmpty();
    }

    @Test
    void recordWritesNeedTheClusterSignature() {
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("clusterSignature");
        assertThat(api.getComponents().getSecuritySchemes().get("clusterSignature").getName())
                .isEqualTo("X-Dispotify-Signature");
        assertThat(api.getPaths().get("/api/records").getPut().getSecurity())
                .anySatisfy(requirement -> assertThat(requirement).containsKey("clusterSignature"));
        assertThat(api.getPaths().get("/api/records").getPut().getResponses()).containsKey("401");
        assertThat(api.getPaths().get("/api/resolve/{name}").getGet().getSecurity()).isNullOrEmpty();
    }

    @Test
    void swaggerUiIsServed() {
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
        http.get().uri("/v3/api-docs.yaml").exchange().expectStatus().isOk();
        http.get().uri("/v3/api-docs").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();
    }
}
