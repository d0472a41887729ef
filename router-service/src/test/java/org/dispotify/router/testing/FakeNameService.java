package org.dispotify.router.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.ring.naming.Member;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/** A name service on 127.0.0.1 answering {@code GET /api/resolve/{name}} from groups the test sets. */
public final class FakeNameService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, List<Member>> groups = new ConcurrentHashMap<>();
    private final DisposableServer server;

    public FakeNameService() {
        server = HttpServer.create().runOn(FakeLoops.LOOPS)
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/api/resolve/{name}", (req, res) -> {
                    List<Member> members = groups.get(req.param("name"));
                    if (members == null) {
                        return res.status(404).header("Content-Type", "application/problem+json")
                                .sendString(Mono.just("{\"status\":404,\"detail\":\"unknown name\"}"));
                    }
                    List<Member> shuffled = new ArrayList<>(members);
                    Collections.shuffle(shuffled);
                    return res.header("Content-Type", "application/json")
                            .sendString(Mono.just(JSON.writeValueAsString(shuffled)));
                }))
                .bindNow(Duration.ofSeconds(5));
    }

    public void group(String name, List<Member> members) {
        groups.put(name, List.copyOf(members));
    }

    public void clear() {
        groups.clear();
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
