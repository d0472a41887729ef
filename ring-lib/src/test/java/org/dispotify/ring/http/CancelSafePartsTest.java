package org.dispotify.ring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring's multipart reader over buffers that share one network buffer's reference count (as the
 * slices Netty's HTTP decoder hands out do), read by a consumer that refuses the upload on the last
 * event of a part, as the data role does with a cover over its size limit.
 */
class CancelSafePartsTest {

    private static final String BOUNDARY = "dispotify-boundary";
    private static final int CHUNK = 1000;

    @Test
    void aRefusalOnThePartsLastEventReleasesEveryBufferExactlyOnce() {
        ByteBuf network = networkBuffer(body());

        assertThatThrownBy(() -> refuseOnTheCoversLastEvent(network, CancelSafeParts::of).block())
                .hasMessageContaining("cover refused");

        // Our own reference only: every slice handed out was released once, none twice.
        assertThat(network.refCnt()).isEqualTo(1);
    }

    /** Spring's bug itself: when this fails, the parser is fixed and {@link CancelSafeParts} can go. */
    @Test
    void withoutItSpringsParserReleasesBuffersItHadAlreadyHandedOut() {
        ByteBuf network = networkBuffer(body());

        assertThatThrownBy(() -> refuseOnTheCoversLastEvent(network, UnaryOperator.identity()).block())
                .hasMessageContaining("cover refused");

        // The double release: less than our own reference is left (the decoder's memory is freed under it).
        assertThat(network.refCnt()).isLessThan(1);
    }

    @Test
    void aConsumerThatReadsEverythingGetsEveryByteInOrder() {
        byte[] body = body();
        ByteBuf network = networkBuffer(body);
        ByteArrayOutputStream file = new ByteArrayOutputStream();

        parts(network, CancelSafeParts::of)
                .filter(event -> "file".equals(event.name()))
                .doOnNext(event -> {
                    DataBuffer content = event.content();
                    byte[] bytes = new byte[content.readableByteCount()];
                    content.read(bytes);
                    file.writeBytes(bytes);
                    DataBufferUtils.release(content);
                })
                // The cover's events, dropped by the filter.
                .doOnDiscard(PartEvent.class, event -> DataBufferUtils.release(event.content()))
                .then().block();

        assertThat(file.toByteArray()).isEqualTo(fileBytes());
    }

    private static Mono<Void> refuseOnTheCoversLastEvent(ByteBuf network, UnaryOperator<Flux<PartEvent>> wrap) {
        return parts(network, wrap)
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    boolean cover = first.hasValue() && "cover".equals(first.get().name());
                    return events.concatMap(event -> {
                        DataBufferUtils.release(event.content());
                        return cover && event.isLast()
                                ? Mono.error(new IllegalStateException("cover refused"))
                                : Mono.empty();
                    }).then();
                }))
                .then();
    }

    private static Flux<PartEvent> parts(ByteBuf network, UnaryOperator<Flux<PartEvent>> wrap) {
        NettyDataBufferFactory factory = new NettyDataBufferFactory(network.alloc());
        List<DataBuffer> chunks = new ArrayList<>();
        for (int at = 0; at < network.readableBytes(); at += CHUNK) {
            chunks.add(factory.wrap(network.retainedSlice(at, Math.min(CHUNK, network.readableBytes() - at))));
        }
        MockServerHttpRequest request = MockServerHttpRequest.post("/data/songs")
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .body(Flux.fromIterable(chunks));
        Flux<PartEvent> events = new PartEventHttpMessageReader()
                .read(ResolvableType.forClass(PartEvent.class), request, Map.of());
        return wrap.apply(events);
    }

    /** Held by the test (refCnt 1) and by every slice of it not yet released. */
    private static ByteBuf networkBuffer(byte[] body) {
        return Unpooled.buffer(body.length).writeBytes(body);
    }

    private static byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, "file", "song.wav", fileBytes());
        byte[] cover = new byte[20_000];
        new Random(2).nextBytes(cover);
        part(out, "cover", "cover.jpg", cover);
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] fileBytes() {
        byte[] file = new byte[50_000];
        new Random(1).nextBytes(file);
        return file;
    }

    private static void part(ByteArrayOutputStream out, String name, String filename, byte[] content) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
