package org.dispotify.data.ingest;

import org.dispotify.imaging.ImageLimits;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The optional {@code cover} part of an upload (a folder's cover.jpg, sent by {@code dispotify upload}):
 * read into memory up to the cover size limit; past it the upload fails with 413 at once.
 */
final class CoverPart {

    static final String NAME = "cover";

    private CoverPart() {
    }

    static Mono<byte[]> read(Flux<PartEvent> events) {
        int limit = ImageLimits.COVERS.maxBytes();
        return DataBufferUtils.join(events.map(PartEvent::content), limit)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> IngestProblems.coverTooLarge(limit));
    }
}
