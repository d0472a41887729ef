package org.dispotify.ring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class BodySpoolTest {

    // Unpooled, so a released buffer object is never handed out again and its count stays readable.
    private final NettyDataBufferFactory factory = new NettyDataBufferFactory(new UnpooledByteBufAllocator(true));

    @TempDir
    Path dir;

    @Test
    void writesTheBytesInOrderAndTheirSha256() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        Path file = dir.resolve("upload.part");

        BodySpool.Spooled spooled = BodySpool.write(pieces(body, 8191), file, Schedulers.boundedElastic())
                .block(Duration.ofSeconds(30));

        assertThat(Files.readAllBytes(file)).isEqualTo(body);
        assertThat(spooled.bytes()).isEqualTo(body.length);
        assertThat(spooled.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void everyNetworkBufferIsReleasedAsItArrivesNotWhenItsWriteEnds() throws Exception {
        // A buffer still held while the disk writes is one that a stray release elsewhere can hand to
        // another request: each must be free before the next one even arrives.
        List<ByteBuf> handedOver = new ArrayList<>();
        List<Integer> stillHeldWhenTheNextArrived = new ArrayList<>();
        Flux<DataBuffer> body = Flux.range(0, 200).map(i -> {
            if (!handedOver.isEmpty() && handedOver.get(handedOver.size() - 1).refCnt() > 0) {
                stillHeldWhenTheNextArrived.add(i - 1);
            }
            DataBuffer buffer = factory.allocateBuffer(4096);
            buffer.write(new byte[4096]);
            handedOver.add(NettyDataBufferFactory.toByteBuf(buffer));
            return buffer;
        });

        BodySpool.write(body, dir.resolve("held.part"), Schedulers.boundedElastic()).block(Duration.ofSeconds(30));

        assertThat(stillHeldWhenTheNextArrived).isEmpty();
        assertThat(handedOver).hasSize(200).allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());
    }

    @Test
    void anEmptyBodyIsAnEmptyFile() throws Exception {
        Path file = dir.resolve("empty.part");
        BodySpool.Spooled spooled = BodySpool.write(Flux.empty(), file, Schedulers.boundedElastic()).block(Duration.ofSeconds(10));
        assertThat(spooled.bytes()).isZero();
        assertThat(Files.size(file)).isZero();
        assertThat(spooled.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aFailingBodyFailsTheSpool() {
        Path file = dir.resolve("broken.part");
        Flux<DataBuffer> failing = pieces(new byte[10_000], 1000).concatWith(Flux.error(new IOException("connection reset")));
        assertThatThrownBy(() -> BodySpool.write(failing, file, Schedulers.boundedElastic()).block(Duration.ofSeconds(10)))
                .hasRootCauseMessage("connection reset");
    }

    private Flux<DataBuffer> pieces(byte[] body, int size) {
        return Flux.range(0, (body.length + size - 1) / size).map(i -> {
            int length = Math.min(size, body.length - i * size);
            DataBuffer buffer = factory.allocateBuffer(length);
            buffer.write(body, i * size, length);
            return buffer;
        });
    }
}
