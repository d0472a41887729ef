package org.dispotify.ring.naming;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A scripted name service on 127.0.0.1: answers resolves with a fixed body and counts calls. */
final class FakeNameServer implements AutoCloseable {

    final AtomicInteger resolves = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final AtomicReference<String> resolveBody = new AtomicReference<>("[]");
    final AtomicInteger resolveStatus = new AtomicInteger(200);
    private final DisposableServer server;

    FakeNameServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/api/resolve/{name}", (req, res) -> {
                            resolves.incrementAndGet();
                            return res.status(resolveStatus.get())
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.just(resolveBody.get()));
                        })
                        .put("/api/records", (req, res) -> req.receive().aggregate().asString()
                                .doOnNext(body -> puts.incrementAndGet())
                                .then(res.status(200).send()))
                        .delete("/api/records/{name}/{nodeId}", (req, res) -> {
                            deletes.incrementAndGet();
                            return res.status(204).send();
                        }))
                .bindNow(Duration.ofSeconds(5));
    }

    NameServer address() {
        return new NameServer("127.0.0.1", server.port());
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
