package org.dispotify.data.stream;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Streams being served now and bytes handed to the network. */
@Component
public class StreamMetrics {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter bytes;

    StreamMetrics(MeterRegistry meters) {
        Gauge.builder("dispotify.data.streams.active", active, AtomicInteger::get)
                .description("Audio and chunk responses being streamed")
                .register(meters);
        this.bytes = Counter.builder("dispotify.data.stream.bytes")
                .description("Audio bytes handed to the network")
                .baseUnit("bytes")
                .register(meters);
    }

    void started() {
        active.incrementAndGet();
    }

    void ended() {
        active.decrementAndGet();
    }

    void sent(int count) {
        bytes.increment(count);
    }

    /** Audio bytes handed to the network since this node started (the background scrub yields to heavy streaming). */
    public double bytesSent() {
        return bytes.count();
    }
}
