package org.dispotify.router.upload;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.imaging.ImageLimits;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The optional {@code cover} part of an upload (a folder's cover.jpg from {@code dispotify upload}),
 * streamed to a file beside the spooled song and passed on to the data node as it came: the data node
 * checks the image. Past the cover size limit the rest of the part is read and dropped (so the client
 * gets its 413 rather than a reset connection) and {@code tooLarge} is set.
 */
final class CoverSpool {

    static final String PART = "cover";

    private CoverSpool() {
    }

    /** Where the cover of the song spooled to {@code song} goes; deleted with it. */
    static Path besides(Path song) {
        return song.resolveSibling(song.getFileName() + ".cover");
    }

    static Mono<Void> write(Flux<PartEvent> events, Path target, AtomicBoolean tooLarge) {
        long limit = ImageLimits.COVERS.maxBytes();
        AtomicLong size = new AtomicLong();
        Flux<DataBuffer> within = events.map(PartEvent::content).handle((buffer, sink) -> {
            if (size.addAndGet(buffer.readableByteCount()) > limit) {
                tooLarge.set(true);
                DataBufferUtils.release(buffer);
                return;
            }
            sink.next(buffer);
        });
        return DataBufferUtils.write(within, target);
    }
}
