package org.dispotify.data.stream;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.dispotify.data.store.ChunkReader;
import org.dispotify.data.system.DataSchedulers;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Streams segments of a song's chunks as a {@code Flux<DataBuffer>}, one chunk read at a time.
 *
 * <p>Demand alone does not bound memory: Reactor Netty requests up to 128 buffers ahead and writes
 * them into its outbound buffer whether or not the socket keeps up, which would pull a whole song
 * into memory for a slow listener. So the next chunk is read only when there is demand <em>and</em>
 * the socket has taken every byte of the previous one (Netty releases a direct buffer then, see
 * {@link NotifyingByteBuf}). Memory per stream stays near one chunk, shared with the chunk cache.
 * SQLite reads run on the bounded io scheduler, never on the event loop (a chunk already in the cache
 * is sent from the calling thread: no blocking, no thread hop); a cancel (client gone) stops them.
 */
@Component
class ChunkStreamer {

    private final ChunkReader reader;
    private final Scheduler scheduler;
    private final StreamMetrics metrics;
    private final OpenStreams open;

    ChunkStreamer(ChunkReader reader, DataSchedulers schedulers, StreamMetrics metrics, OpenStreams open) {
        this.reader = reader;
        this.scheduler = schedulers.io();
        this.metrics = metrics;
        this.open = open;
    }

    Flux<DataBuffer> stream(String songId, List<Segment> segments, DataBufferFactory factory) {
        if (segments.isEmpty()) {
            return Flux.empty();
        }
        return Flux.create(sink -> new Pump(songId, List.copyOf(segments), factory, sink).start());
    }

    private final class Pump {

        private final String songId;
        private final List<Segment> segments;
        private final DataBufferFactory factory;
        private final boolean notifying;
        private final FluxSink<DataBuffer> sink;
        private final AtomicInteger wip = new AtomicInteger();
        // True while a read is scheduled or the last buffer is still held by the transport.
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile Disposable pending;
        private int next;

        Pump(String songId, List<Segment> segments, DataBufferFactory factory, FluxSink<DataBuffer> sink) {
            this.songId = songId;
            this.segments = segments;
            this.factory = factory;
            // Without Netty buffers there is no release signal to wait for; demand then paces the reads.
            this.notifying = factory instanceof NettyDataBufferFactory;
            this.sink = sink;
        }

        void start() {
            metrics.started();
            open.opened(songId);
            sink.onRequest(n -> drain());
            sink.onCancel(this::cancel);
            sink.onDispose(() -> {
                cancel();
                metrics.ended();
                open.closed(songId);
            });
            drain();
        }

        private void cancel() {
            cancelled = true;
            Disposable task = pending;
            if (task != null) {
                task.dispose();
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (!cancelled && next < segments.size() && sink.requestedFromDownstream() > 0
                        && busy.compareAndSet(false, true)) {
                    Segment segment = segments.get(next++);
                    boolean last = next == segments.size();
                    ByteBuffer cached = reader.cached(songId, segment.chunkIndex());
                    if (cached != null) {
                        // A cache hit does not block: emit right here, without a thread hop.
                        emit(segment, last, cached);
                    } else {
                        pending = scheduler.schedule(() -> read(segment, last));
                    }
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void read(Segment segment, boolean last) {
            if (cancelled) {
                return;
            }
            ByteBuffer bytes;
            try {
                bytes = reader.read(songId, segment.chunkIndex());
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            emit(segment, last, bytes);
        }

        private void emit(Segment segment, boolean last, ByteBuffer bytes) {
            if (bytes == null || bytes.remaining() < segment.offset() + segment.length()) {
                sink.error(new IllegalStateException("chunk " + segment.chunkIndex() + " of " + songId + " is gone"));
                return;
            }
            if (cancelled) {
                return;
            }
            metrics.sent(segment.length());
            ByteBuffer slice = bytes.position(segment.offset()).limit(segment.offset() + segment.length()).slice();
            if (notifying) {
                sink.next(((NettyDataBufferFactory) factory).wrap(new NotifyingByteBuf(slice, this::released)));
            } else {
                sink.next(factory.wrap(slice));
            }
            if (last) {
                sink.complete();
            } else if (!notifying) {
                released();
            }
        }

        private void released() {
            busy.set(false);
            drain();
        }
    }
}
