package org.dispotify.node.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.dispotify.ring.link.RingWebSocketHandler;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.security.RequestSignature;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;

/**
 * The node's OpenAPI document: the role modules describe their controllers with annotations; this
 * adds what only the node knows. The ring's endpoints (a WebSocket and a functional route, which
 * springdoc cannot see), the 503 of {@link RoleGate} on every role endpoint, the upload token of
 * {@link UploadPermission}, the auth schemes, and the problem schema as it is on the wire.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:org/dispotify/node/api-docs.properties")
class NodeApiDocs {

    static final String UPLOAD_TOKEN = "uploadToken";
    static final String CLUSTER_SIGNATURE = "clusterSignature";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";
    private static final String RING_TAG = "Ring";

    @Bean
    OpenAPI nodeOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Dispotify node")
                .version("0.1.0")
                .description("One data or router node. Both roles are loaded; only the active one answers: `/data/**` "
                        + "on data nodes, `/api/**` (and the player at `/`) on routers, and the other role's endpoints "
                        + "answer 503 with the node's role. The ring (`/ring`, `/ring/view`) answers in either role. "
                        + "Errors are RFC 9457 problem+json."));
    }

    @Bean
    OpenApiCustomizer nodeApiDocsCustomizer() {
        return NodeApiDocs::customize;
    }

    static void customize(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(UPLOAD_TOKEN, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The cluster's upload token (DISPOTIFY_UPLOAD_TOKEN, or the file `./dispotify up` "
                        + "writes to .dispotify/upload-token). Required to add songs only when a token is configured."));
        components.addSecuritySchemes(CLUSTER_SIGNATURE, new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(RequestSignature.HEADER)
                .description("A member's HMAC-SHA256 signature (cluster secret) over method, path with query, "
                        + "timestamp and nonce: `v1 ts=<epoch ms>,nonce=<32 hex>,sig=<base64url>`; each nonce once, "
                        + "timestamps within ±60 s. Required only when the cluster has a secret; see SECURITY.md."));
        components.addSchemas("ProblemDetail", problemSchema());
        components.addSchemas("RingSnapshot", ringSnapshotSchema());
        components.addSchemas("RingMember", ringMemberSchema());
        api.addTagsItem(new Tag().name(RING_TAG).description("Membership and failure detection (both roles)"));
        api.path("/ring/view", new PathItem().get(ringView()));
        api.path(RingWebSocketHandler.PATH, new PathItem().get(ringLink()));
        api.getPaths().forEach((path, item) -> {
            // One handler answers GET and HEAD; springdoc would call the HEAD operation "<get id>_1".
            if (item.getGet() != null && item.getHead() != null && item.getGet().getOperationId() != null) {
                String id = item.getGet().getOperationId();
                String verbless = id.startsWith("get") ? id.substring(3) : id;
                item.getHead().setOperationId("head" + Character.toUpperCase(verbless.charAt(0)) + verbless.substring(1));
            }
        });
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Role role = RoleGate.roleFor(path);
            if (role != null) {
                addProblem(operation, "503", "This node holds the other role now (only the active role's endpoints "
                        + "answer)", "wrong-role", wrongRole(role, path));
                if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD
                        && method != PathItem.HttpMethod.OPTIONS) {
                    addProblem(operation, "503", "This node is leaving this role and takes no new writes of it",
                            "role-switch", roleSwitch(role));
                }
                operation.getResponses().get("503").addHeaderObject("Retry-After", new Header()
                        .description("Seconds to wait before asking again (another node of the group, resolved afresh)")
                        .schema(new StringSchema().example(RoleGate.RETRY_AFTER_SECONDS)));
            }
            if (method == PathItem.HttpMethod.POST && isUpload(path)) {
                requireUploadToken(operation, path);
            }
        }));
    }

    /** The uploads {@link UploadPermission} guards; a data node also takes a member's signature (a router forwarding). */
    private static boolean isUpload(String path) {
        return path.equals("/api/songs") || path.equals("/data/songs");
    }

    private static void requireUploadToken(Operation operation, String path) {
        operation.addSecurityItem(new SecurityRequirement().addList(UPLOAD_TOKEN));
        if (path.startsWith("/data/")) {
            operation.addSecurityItem(new SecurityRequirement().addList(CLUSTER_SIGNATURE));
        }
        addProblem(operation, "401", "No valid upload token (only when one is configured); WWW-Authenticate: Bearer",
                "upload-token", problem("https://dispotify.org/problems/upload-token", "Upload token required", 401,
                        "Uploading needs the cluster's upload token (Authorization: Bearer <token>); "
                                + "`dispotify up` prints a player URL that carries it.", null));
        operation.getResponses().get("401").addHeaderObject("WWW-Authenticate",
                new Header().schema(new StringSchema().example("Bearer realm=\"dispotify\"")));
    }

    private static Operation ringView() {
        return new Operation().operationId("getRingView").addTagsItem(RING_TAG)
                .summary("This node's view of the ring")
                .description("Its neighbours and every member it knows with status ALIVE, SUSPECT or DEAD (members in "
                        + "ring order, dead ones last). Answers in either role.")
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("The view")
                        .content(new Content().addMediaType("application/json", new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/RingSnapshot"))))));
    }

    private static Operation ringLink() {
        return new Operation().operationId("openRingLink").addTagsItem(RING_TAG)
                .summary("WebSocket: a ring link from a neighbour")
                .description("Members open links to their predecessor and successors here (HTTP GET with "
                        + "`Upgrade: websocket`). Each text frame is one JSON ring message with a `type` field "
                        + "(probes, joins, walks, role changes; see ring-lib's RingMessage); frames over 64 KiB and "
                        + "undecodable ones are dropped. With a cluster secret the handshake must be signed.")
                .addSecurityItem(new SecurityRequirement().addList(CLUSTER_SIGNATURE))
                .responses(new ApiResponses()
                        .addApiResponse("101", new ApiResponse().description("Switching Protocols: the link is open"))
                        .addApiResponse("401", problemResponse("No valid member signature on the handshake "
                                + "(only when the cluster has a secret)", "cluster-auth", problem(
                                "https://dispotify.org/problems/cluster-auth", "Cluster authentication required", 401,
                                "This endpoint is for members of the cluster: missing X-Dispotify-Signature.", null))));
    }

    private static Map<String, Object> wrongRole(Role needed, String path) {
        Role current = needed == Role.DATA ? Role.ROUTER : Role.DATA;
        Map<String, Object> problem = problem("https://dispotify.org/problems/wrong-role", "Wrong role for this endpoint",
                503, "This node holds the " + current.label() + " role now; " + needed.label()
                        + " endpoints are served by " + needed.groupName() + " nodes.", null);
        problem.put("role", current.label());
        return problem;
    }

    private static Map<String, Object> roleSwitch(Role leaving) {
        Map<String, Object> problem = problem("https://dispotify.org/problems/role-switch", "Switching role", 503,
                "This node is leaving the " + leaving.label() + " role and takes no new " + leaving.label()
                        + " writes; send it to another of the " + leaving.groupName() + " nodes.", null);
        problem.put("role", leaving.label());
        return problem;
    }

    /** Adds an error response, or another named example to the one already documented for that status. */
    private static void addProblem(Operation operation, String status, String description, String name,
                                   Map<String, Object> example) {
        ApiResponse existing = operation.getResponses().get(status);
        if (existing == null) {
            operation.getResponses().addApiResponse(status, problemResponse(description, name, example));
            return;
        }
        existing.setDescription(existing.getDescription() + "; or: " + description);
        if (existing.getContent() == null) {
            existing.setContent(problemResponse(description, name, example).getContent());
            return;
        }
        MediaType media = existing.getContent().computeIfAbsent(PROBLEM_JSON,
                type -> new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)));
        if (media.getExample() != null) {
            // A fresh media type: setExample(null) would still write "example": null next to "examples".
            MediaType named = new MediaType().schema(media.getSchema())
                    .addExamples("default", new Example().value(media.getExample()));
            existing.getContent().addMediaType(PROBLEM_JSON, named);
            media = named;
        }
        media.addExamples(name, new Example().value(example));
    }

    private static ApiResponse problemResponse(String description, String name, Map<String, Object> example) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))
                        .addExamples(name, new Example().value(example))));
    }

    private static Map<String, Object> problem(String type, String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return problem;
    }

    /** Springdoc describes ProblemDetail by its Java fields; on the wire, extensions sit at the top level. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, sent as application/problem+json. Extension members "
                        + "(role, songId, maxBytes, errors) appear at the top level.")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Song not found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("No song on this node."))
                .addProperty("instance", new StringSchema().format("uri").example("/data/songs/00ff"))
                .additionalProperties(true);
    }

    private static Schema<?> ringSnapshotSchema() {
        return new ObjectSchema()
                .description("A node's view of the ring at one moment")
                .addProperty("nodeId", new StringSchema().example("node-8081"))
                .addProperty("role", new StringSchema()._enum(List.of("data", "router")).example("data"))
                .addProperty("predecessor", new StringSchema().nullable(true)
                        .description("null while the node is alone or joining").example("node-8085"))
                .addProperty("successors", new ArraySchema().items(new StringSchema().example("node-8082"))
                        .description("Nearest first"))
                .addProperty("members", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/RingMember")))
                .example(json("""
                        {"nodeId":"node-8081","role":"data","predecessor":"node-8085",\
                        "successors":["node-8082","node-8083"],"members":[\
                        {"nodeId":"node-8081","host":"127.0.0.1","port":8081,"role":"data","status":"ALIVE"},\
                        {"nodeId":"node-8082","host":"127.0.0.1","port":8082,"role":"data","status":"ALIVE"},\
                        {"nodeId":"node-8083","host":"127.0.0.1","port":8083,"role":"router","status":"SUSPECT"},\
                        {"nodeId":"node-8085","host":"127.0.0.1","port":8085,"role":"router","status":"ALIVE"},\
                        {"nodeId":"node-8084","host":"127.0.0.1","port":8084,"role":"router","status":"DEAD"}]}"""));
    }

    /** Swagger's own (Jackson 2) mapper, so the example serializes as JSON, not as a bean. */
    private static Object json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad example JSON", e);
        }
    }

    private static Schema<?> ringMemberSchema() {
        return new ObjectSchema()
                .addProperty("nodeId", new StringSchema().example("node-8082"))
                .addProperty("host", new StringSchema().example("127.0.0.1"))
                .addProperty("port", new IntegerSchema().example(8082))
                .addProperty("role", new StringSchema()._enum(List.of("data", "router")).example("data"))
                .addProperty("status", new StringSchema()._enum(List.of("ALIVE", "SUSPECT", "DEAD")).example("ALIVE"));
    }
}
