package org.dispotify.ring.http;

import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A multipart request's part events whose cancellation never reaches Spring's multipart parser: once
 * the consumer cancels (an upload refused half-way: too large, a bad field, a timeout), the rest of
 * the body is read and released here, and the parser ends when the body does.
 *
 * <p>Why: Spring's {@code MultipartParser} (spring-web 7.0) emits the last buffers of a part from
 * {@code BodyState.flush()} before it clears its queue, and a cancel disposes that state by releasing
 * whatever is still queued. A consumer that cancels while such a buffer is delivered (it errors on the
 * last event of a part) has the buffers it was just given released a second time. They are slices of
 * the connection's network buffer, so the extra release frees memory that the HTTP decoder still
 * uses: the next request on that connection fails ({@code IllegalReferenceCountException}) and, worse,
 * freed memory handed to another request alters that request's bytes (issue 14; {@code CancelSafePartsTest}).
 */
public final class CancelSafeParts {

    private CancelSafeParts() {
    }

    public static Flux<PartEvent> of(Flux<PartEvent> parts) {
        return Flux.<PartEvent>create(sink -> {
                    Relay relay = new Relay(sink);
                    parts.subscribe(relay);
                    sink.onRequest(relay::request);
                    sink.onCancel(relay::drainTheRest);
                })
                // Events still queued here when the consumer cancels were never handed to it: release them.
                .doOnDiscard(PartEvent.class, CancelSafeParts::release);
    }

    private static void release(PartEvent event) {
        DataBufferUtils.release(event.content());
    }

    /** Passes events on as they are asked for; after a cancel, asks for all and releases them. */
    private static final class Relay extends BaseSubscriber<PartEvent> {

        private final FluxSink<PartEvent> sink;
        private volatile boolean draining;

        Relay(FluxSink<PartEvent> sink) {
            this.sink = sink;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // Demand comes from the consumer, through the sink's onRequest.
        }

        @Override
        protected void hookOnNext(PartEvent event) {
            if (draining) {
                release(event);
            } else {
                sink.next(event);
            }
        }

        @Override
        protected void hookOnComplete() {
            if (!draining) {
                sink.complete();
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            if (!draining) {
                sink.error(error);
            }
        }

        void drainTheRest() {
            draining = true;
            request(Long.MAX_VALUE);
        }
    }
}
