package org.dispotify.testsupport.apidocs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.resource.ResourceWebHandler;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Compares an application's OpenAPI document with the routes the application really serves, and
 * checks the document's quality (error responses, examples). Shared by the name service's and the node's
 * ApiDocsTest through the test-support module, a test-scope dependency of both.
 */
public final class OpenApiContract {

    /** Any method: a handler that does not restrict its methods. No document can match it, on purpose. */
    public static final String ANY_METHOD = "ANY";
    private static final Pattern VARIABLE_REGEX = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

    private OpenApiContract() {
    }

    /** One route: a method and a path in OpenAPI's form ({@code /x/{id}}). */
    public record Route(String method, String path) implements Comparable<Route> {

        public static Route of(String method, String pathPattern) {
            return new Route(method, VARIABLE_REGEX.matcher(pathPattern).replaceAll("{$1}"));
        }

        @Override
        public int compareTo(Route other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A route the application serves, and what serves it (for exclusions and messages). */
    public record Served(Route route, Object mapping, Object handler) {

        public String handlerName() {
            return handler instanceof HandlerMethod method
                    ? method.getBeanType().getName() + "#" + method.getMethod().getName()
                    : handler.getClass().getName();
        }
    }

    /** Served routes the document leaves out on purpose. */
    public record Exclusion(String why, Predicate<Served> matches) {
    }

    /** springdoc's own endpoints: the document and its UI. */
    public static final Exclusion SPRINGDOC = new Exclusion("springdoc's /v3/api-docs and /swagger-ui.html: the documentation itself",
            served -> served.handlerName().startsWith("org.springdoc."));

    /**
     * Actuator endpoints: management, not Dispotify's API; Spring Boot documents them, and their shapes
     * change with Boot, not with this project. (WebFlux has no /error endpoint to exclude: errors are
     * rendered by a WebExceptionHandler.)
     */
    public static final Exclusion ACTUATOR = new Exclusion("actuator endpoints under /actuator: Boot's management API",
            served -> served.mapping().getClass().getName().contains(".actuate."));

    /** Static files: the web player's pages and Swagger UI's assets. */
    public static final Exclusion STATIC_RESOURCES = new Exclusion("static resources (player files, /webjars/**)",
            served -> served.handler() instanceof ResourceWebHandler);

    public static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(json, null, options);
    }

    /** Every route of every handler mapping in the context: annotated, functional and URL-mapped ones. */
    public static List<Served> served(ApplicationContext context) {
        List<Served> served = new ArrayList<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().forEach((info, handler) -> {
                    for (String method : methods(info)) {
                        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                            served.add(new Served(Route.of(method, pattern.getPatternString()), mapping, handler));
                        }
                    }
                }));
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
            RouterFunction<?> routes = mapping.getRouterFunction();
            if (routes != null) {
                routes.accept(new RouteCollector(mapping, served));
            }
        });
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMap().forEach((pattern, handler) -> {
                    // A WebSocket endpoint is a GET with an Upgrade header.
                    String method = handler instanceof WebSocketHandler ? "GET" : ANY_METHOD;
                    served.add(new Served(Route.of(method, pattern.getPatternString()), mapping, handler));
                }));
        return served;
    }

    private static Set<String> methods(RequestMappingInfo info) {
        Set<String> methods = new TreeSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        return methods.isEmpty() ? Set.of(ANY_METHOD) : methods;
    }

    /**
     * The served routes a document must hold: all but the excluded ones. Fails if an exclusion
     * matches nothing, so the list cannot go stale.
     */
    public static Set<Route> toDocument(List<Served> served, Collection<Exclusion> exclusions) {
        for (Exclusion exclusion : exclusions) {
            if (served.stream().noneMatch(exclusion.matches())) {
                throw new AssertionError("no served route is excluded as " + exclusion.why());
            }
        }
        Set<Route> routes = new TreeSet<>();
        for (Served route : served) {
            if (exclusions.stream().noneMatch(exclusion -> exclusion.matches().test(route))) {
                routes.add(route.route());
            }
        }
        return routes;
    }

    public static Set<Route> documented(OpenAPI api) {
        Set<Route> routes = new TreeSet<>();
        api.getPaths().forEach((path, item) ->
                item.readOperationsMap().keySet().forEach(method -> routes.add(new Route(method.name(), path))));
        return routes;
    }

    /** Operations with no 4xx or 5xx response, except those listed as unable to fail. */
    public static List<String> withoutErrorResponses(OpenAPI api, Collection<Route> cannotFail) {
        List<String> missing = new ArrayList<>();
        operations(api).forEach((route, operation) -> {
            boolean documentsAFailure = operation.getResponses().keySet().stream()
                    .anyMatch(code -> code.startsWith("4") || code.startsWith("5"));
            if (!documentsAFailure && !cannotFail.contains(route)) {
                missing.add(route.toString());
            }
        });
        return missing;
    }

    /** Operations that document no success: no 1xx, 2xx or 3xx response, so no answer schema either. */
    public static List<String> withoutSuccessResponses(OpenAPI api) {
        List<String> missing = new ArrayList<>();
        operations(api).forEach((route, operation) -> {
            if (operation.getResponses().keySet().stream().noneMatch(code -> code.matches("[123]\\d\\d"))) {
                missing.add(route.toString());
            }
        });
        return missing;
    }

    /**
     * Error responses that do not say they answer RFC 9457 problem+json, except the listed ones
     * ({@code "POST /x 500"}): answers the code really gives in another shape, documented as such.
     */
    public static List<String> errorsNotProblems(OpenAPI api, Collection<String> knownOtherwise) {
        List<String> wrong = new ArrayList<>();
        operations(api).forEach((route, operation) -> operation.getResponses().forEach((code, response) -> {
            String where = route + " " + code;
            if ((code.startsWith("4") || code.startsWith("5")) && !knownOtherwise.contains(where)
                    && (response.getContent() == null
                    || !response.getContent().keySet().equals(Set.of("application/problem+json")))) {
                wrong.add(where);
            }
        }));
        return wrong;
    }

    /**
     * JSON bodies (requests, answers, problems) without an example: none on the media type, none on its
     * schema, and not every property (or array item) of the schema has one either.
     */
    public static List<String> jsonBodiesWithoutExamples(OpenAPI api) {
        List<String> missing = new ArrayList<>();
        bodies(api).forEach((where, content) -> content.forEach((type, media) -> {
            if (type.endsWith("json") && !hasExample(api, media)) {
                missing.add(where + " " + type);
            }
        }));
        return missing;
    }

    /** Bodies whose media type is a wildcard: a client cannot tell what it gets. */
    public static List<String> wildcardMediaTypes(OpenAPI api) {
        List<String> wildcards = new ArrayList<>();
        bodies(api).forEach((where, content) -> content.keySet().stream()
                .filter(type -> type.contains("*")).forEach(type -> wildcards.add(where + " " + type)));
        return wildcards;
    }

    private static Map<String, Content> bodies(OpenAPI api) {
        Map<String, Content> bodies = new java.util.LinkedHashMap<>();
        operations(api).forEach((route, operation) -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                bodies.put(route + " request", operation.getRequestBody().getContent());
            }
            operation.getResponses().forEach((code, response) -> {
                if (response.getContent() != null) {
                    bodies.put(route + " " + code, response.getContent());
                }
            });
        });
        return bodies;
    }

    private static boolean hasExample(OpenAPI api, MediaType media) {
        if (media.getExample() != null || (media.getExamples() != null && !media.getExamples().isEmpty())) {
            return true;
        }
        return exemplified(api, media.getSchema(), 0);
    }

    private static boolean exemplified(OpenAPI api, Schema<?> given, int depth) {
        Schema<?> schema = resolve(api, given);
        if (schema == null || depth > 8) {
            return false;
        }
        if (schema.getExample() != null || (schema.getExamples() != null && !schema.getExamples().isEmpty())) {
            return true;
        }
        if (schema.getItems() != null) {
            return exemplified(api, schema.getItems(), depth + 1);
        }
        return schema.getProperties() != null && !schema.getProperties().isEmpty()
                && schema.getProperties().values().stream().allMatch(p -> exemplified(api, p, depth + 1));
    }

    private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
        if (schema == null || schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getSchemas().get(name);
    }

    public static Map<Route, Operation> operations(OpenAPI api) {
        Map<Route, Operation> operations = new java.util.TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(new Route(method.name(), path), operation)));
        return operations;
    }

    /** The routes of a functional router: each route's methods times its (nested) paths. */
    private static final class RouteCollector implements RouterFunctions.Visitor {

        private final Object mapping;
        private final List<Served> served;
        private final List<String> prefixes = new ArrayList<>();

        RouteCollector(Object mapping, List<Served> served) {
            this.mapping = mapping;
            this.served = served;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            PredicateParts parts = PredicateParts.of(predicate);
            prefixes.add(parts.paths.isEmpty() ? "" : parts.paths.iterator().next());
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.remove(prefixes.size() - 1);
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            PredicateParts parts = PredicateParts.of(predicate);
            String prefix = String.join("", prefixes);
            Set<String> methods = parts.methods.isEmpty() ? Set.of(ANY_METHOD) : parts.methods;
            Set<String> paths = parts.paths.isEmpty() ? Set.of("/**") : parts.paths;
            for (String method : methods) {
                for (String path : paths) {
                    served.add(new Served(Route.of(method, prefix + path), mapping, handler));
                }
            }
        }

        @Override
        public void resources(java.util.function.Function<org.springframework.web.reactive.function.server.ServerRequest,
                reactor.core.publisher.Mono<org.springframework.core.io.Resource>> lookup) {
            served.add(new Served(Route.of(ANY_METHOD, "/**"), mapping, lookup));
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            served.add(new Served(Route.of(ANY_METHOD, "/**"), mapping, routerFunction));
        }
    }

    /** The methods and paths a request predicate names. */
    private static final class PredicateParts implements RequestPredicates.Visitor {

        final Set<String> methods = new LinkedHashSet<>();
        final Set<String> paths = new LinkedHashSet<>();

        static PredicateParts of(RequestPredicate predicate) {
            PredicateParts parts = new PredicateParts();
            predicate.accept(parts);
            return parts;
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            methods.forEach(m -> this.methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
