package org.dispotify.ring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Slow and silent clients are closed after a bounded time, while slow-but-steady responses and
 * WebSocket links outlive every timeout. The timeouts are shortened here (1 s, 3 s) so the test is
 * quick; each case would run past its bound without the timeout it checks.
 */
@SpringBootTest(classes = ServerTimeoutsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dispotify.server.idle-timeout=1s", "dispotify.server.header-timeout=1s",
                "dispotify.server.read-timeout=1s", "dispotify.server.request-timeout=3s",
                "spring.main.banner-mode=off"})
class ServerTimeoutsTest {

    private static final Duration STEP = Duration.ofMillis(200);

    @LocalServerPort
    int port;

    @Test
    void aClientThatConnectsAndSendsNothingIsClosed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(closedWithin(socket, Duration.ofSeconds(5), null)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(4));
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosedThoughEveryByteResetsTheIdleTimer() throws IOException {
        byte[] head = ("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = connect()) {
            assertThat(closedWithin(socket, Duration.ofSeconds(8), head)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(4));
        }
    }

    @Test
    void aBodyThatStallsIsClosedAfterTheReadTimeout() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(upload(1_000));
            out.write(new byte[10]);
            out.flush();
            assertThat(closedWithin(socket, Duration.ofSeconds(6), null)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void aBodyTrickledForeverIsClosedAfterTheRequestTimeout() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(upload(100_000));
            socket.getOutputStream().flush();
            // A byte every 200 ms never trips the read timeout; 100 000 of them would take 5.5 hours.
            assertThat(closedWithin(socket, Duration.ofSeconds(10), new byte[100_000]))
                    .isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(7));
        }
    }

    @Test
    void aSlowButSteadyResponseOutlivesEveryTimeout() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            String response = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(4));
            assertThat(response).startsWith("HTTP/1.1 200").contains("piece 0 ").contains("piece " + (App.PIECES - 1) + " ");
        }
    }

    @Test
    void aWebSocketLinkWithHeartbeatsOutlivesEveryTimeout() {
        List<String> echoed = new CopyOnWriteArrayList<>();
        int beats = 22;
        // 4.4 s of heartbeats, past the request timeout, with a silent spell past the idle, header and read timeouts.
        Flux<String> heartbeats = Flux.range(0, beats)
                .concatMap(i -> Mono.delay(i == 10 ? Duration.ofMillis(1_500) : STEP).thenReturn("beat " + i));
        HttpClient.create().websocket().uri("ws://127.0.0.1:" + port + "/beats")
                .handle((in, out) -> out.sendString(heartbeats)
                        .then()
                        .and(in.receive().asString().doOnNext(echoed::add).take(beats)))
                .then()
                .block(Duration.ofSeconds(15));

        assertThat(echoed).hasSize(beats).last().isEqualTo("beat " + (beats - 1));
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    private static byte[] upload(int length) {
        return ("POST /drain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * How long until the server closed the connection, while sending {@code trickle} one byte per
     * step (or nothing); fails if it is still open after {@code max}.
     */
    private static Duration closedWithin(Socket socket, Duration max, byte[] trickle) throws IOException {
        socket.setSoTimeout((int) STEP.toMillis());
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        int sent = 0;
        while (System.nanoTime() - start < max.toNanos()) {
            try {
                if (trickle != null && sent < trickle.length) {
                    out.write(trickle[sent++]);
                    out.flush();
                }
                if (in.read(new byte[4096]) < 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the server yet: keep going
            } catch (IOException reset) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("connection still open after " + max);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ServerTimeoutsConfiguration.class)
    static class App {

        static final int PIECES = 12;

        /** 12 pieces 400 ms apart: 4.4 s of steady streaming, longer than any of the timeouts. */
        @Bean
        RouterFunction<ServerResponse> slowRoutes() {
            return RouterFunctions.route()
                    .GET("/slow", request -> ServerResponse.ok().body(
                            Flux.interval(Duration.ZERO, Duration.ofMillis(400)).take(PIECES).map(i -> "piece " + i + " \n"),
                            String.class))
                    .POST("/drain", request -> request.bodyToMono(byte[].class)
                            .flatMap(body -> ServerResponse.ok().bodyValue(body.length)))
                    .build();
        }

        @Bean
        HandlerMapping beatsMapping() {
            WebSocketHandler echo = session -> session.send(session.receive()
                    .map(message -> session.textMessage(message.getPayloadAsText())));
            SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/beats", echo));
            mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return mapping;
        }
    }
}
