package org.dispotify.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.dispotify.testsupport.apidocs.OpenApiContract;
import org.dispotify.testsupport.apidocs.OpenApiContract.Exclusion;
import org.dispotify.testsupport.apidocs.OpenApiContract.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The node application's OpenAPI document (ring, data role and router role in one process), as
 * served: valid OpenAPI, every served route documented and nothing else, problem+json errors,
 * examples, and the auth schemes it declares are the ones the filters enforce. Runs with a cluster
 * secret and an upload token, so every filter is live.
 */
@SpringBootTest(classes = NodeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ApiDocsTest {

    /** Routes with no failure of their own: a snapshot of this node's ring view. */
    private static final Set<Route> CANNOT_FAIL = Set.of(new Route("GET", "/ring/view"));


    /** The player's page at /: Boot's welcome-page route for the router's static index.html. */
    private static final Exclusion PLAYER_PAGE = new Exclusion("GET /: the web player's index.html (static)",
            served -> served.route().equals(new Route("GET", "/"))
                    && served.handler().getClass().getName().contains("WelcomePage"));

    private static final List<Exclusion> EXCLUSIONS = List.of(
            OpenApiContract.SPRINGDOC, OpenApiContract.ACTUATOR, OpenApiContract.STATIC_RESOURCES, PLAYER_PAGE);

    @TempDir
    static Path dir;

    static final DisposableServer nameService = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes
                    .put("/api/records", (req, res) -> req.receive().then(res.status(200).send()))
                    .delete("/api/records/{name}/{nodeId}", (req, res) -> res.status(204).send())
                    .get("/api/resolve/{name}", (req, res) -> res.status(200)
                            .header("Content-Type", "application/json").sendString(Mono.just("[]"))))
            .bindNow(Duration.ofSeconds(5));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> dir.toString());
        registry.add("dispotify.node.id", () -> "docs-node");
        registry.add("dispotify.node.host", () -> "127.0.0.1");
        registry.add("dispotify.node.port", () -> 8089);
        registry.add("dispotify.node.role", () -> "DATA");
        registry.add("dispotify.node.pinned", () -> "true");
        registry.add("dispotify.naming.servers", () -> "127.0.0.1:" + nameService.port());
        registry.add("dispotify.cluster.secret", () -> "a-cluster-secret-for-api-docs");
        registry.add("dispotify.upload.token", () -> "an-upload-token-for-api-docs");
        // As the command line starts a node (ServerDefaults).
        registry.add("management.endpoints.web.exposure.include", () -> "health,info,prometheus");
        registry.add("spring.webflux.problemdetails.enabled", () -> "true");
    }

    @AfterAll
    static void stopNameService() {
        nameService.disposeNow(Duration.ofSeconds(5));
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    private OpenAPI api;

    @BeforeEach
    void fetchTheDocument() throws IOException {
        // The first request builds the document: slow on a busy machine.
        http = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        String json = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        // Kept for reading and diffing; not an input to anything.
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/node.json"), json);
        SwaggerParseResult parsed = OpenApiContract.parse(json);
        assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
        api = parsed.getOpenAPI();
    }

    @Test
    void everyServedRouteIsDocumentedAndNothingElse() {
        Set<Route> routes = OpenApiContract.toDocument(OpenApiContract.served(context), EXCLUSIONS);
        assertThat(OpenApiContract.documented(api)).as("documented routes").isEqualTo(routes);
        // The three parts of a node: ring (functional route and WebSocket), data role, router role.
        assertThat(routes).contains(new Route("GET", "/ring"), new Route("GET", "/ring/view"),
                new Route("POST", "/data/songs"), new Route("HEAD", "/data/songs/{id}/audio"),
                new Route("GET", "/api/songs/{id}/stream"), new Route("GET", "/api/cluster"));
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
    void everyRoleEndpointDocumentsTheWrongRoleAnswer() {
        OpenApiContract.operations(api).forEach((route, operation) -> {
            if (RoleGate.roleFor(route.path()) != null) {
                assertThat(operation.getResponses()).as("%s", route).containsKey("503");
            }
        });
    }

    /**
     * The document's security requirements are the filters' behaviour: an operation that names a
     * scheme answers 401 without credentials, and one that names none does not.
     */
    @Test
    void documentedSecurityIsEnforcedSecurity() {
        List<String> mismatches = new ArrayList<>();
        OpenApiContract.operations(api).forEach((route, operation) -> {
            boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
            int status = http.method(HttpMethod.valueOf(route.method())).uri(uri(route, operation))
                    .exchange().returnResult(Void.class).getStatus().value();
            if (secured != (status == 401)) {
                mismatches.add(route + (secured ? " is documented as secured" : " is documented as open")
                        + " and answered " + status);
            }
        });
        assertThat(mismatches).isEmpty();
        assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("clusterSignature", "uploadToken");
        assertThat(api.getComponents().getSecuritySchemes().get("clusterSignature").getName())
                .isEqualTo("X-Dispotify-Signature");
        assertThat(api.getComponents().getSecuritySchemes().get("uploadToken").getScheme()).isEqualTo("bearer");
        assertThat(api.getPaths().get("/api/songs").getPost().getSecurity())
                .anySatisfy(requirement -> assertThat(requirement).containsOnlyKeys("uploadToken"));
    }

    @Test
    void swaggerUiIsServed() {
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
        http.get().uri("/v3/api-docs.yaml").exchange().expectStatus().isOk();
    }

    /** The route with its path variables and required query parameters filled from the examples. */
    private static String uri(Route route, Operation operation) {
        Map<String, Object> variables = new java.util.HashMap<>();
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(route.path());
        for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
            Object example = parameter.getExample() != null ? parameter.getExample()
                    : parameter.getSchema() != null && parameter.getSchema().getExample() != null
                    ? parameter.getSchema().getExample() : "x";
            if ("path".equals(parameter.getIn())) {
                variables.put(parameter.getName(), example);
            } else if ("query".equals(parameter.getIn()) && Boolean.TRUE.equals(parameter.getRequired())) {
                builder.queryParam(parameter.getName(), example);
            }
        }
        return builder.buildAndExpand(variables).encode().toUriString();
    }
}
