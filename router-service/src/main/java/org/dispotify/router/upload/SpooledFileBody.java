package org.dispotify.router.upload;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * A spooled file as the content of the multipart part that forwards it: read on a bounded scheduler
 * into heap buffers, never into Netty's pooled ones.
 *
 * <p>Why not pooled buffers (a {@code FileSystemResource} part reads into them): Spring's multipart
 * writer stacks three release-on-discard hooks over a part's buffers (the file reader's, the resource
 * encoder's and the multipart writer's). When a data node answers before the body is sent (busy,
 * refusing, dying), a buffer still on its way is discarded and released by each hook in turn; the
 * first release returns it to the pool, and the second can land on the same buffer object already
 * handed to another request, which then loses its memory while using it: other uploads' bytes
 * altered or dropped. A heap buffer is not pooled, so releasing it twice does nothing. Netty copies
 * each into a direct buffer of its own to send it, which only it releases.
 */
final class SpooledFileBody {

    static final int BUFFER_BYTES = 64 * 1024;

    private SpooledFileBody() {
    }

    /** The file's bytes, read as they are requested; cold: every subscription reads it from the start. */
    static Flux<DataBuffer> read(Path file, Scheduler io) {
        return DataBufferUtils.readByteChannel(() -> FileChannel.open(file, StandardOpenOption.READ),
                        DefaultDataBufferFactory.sharedInstance, BUFFER_BYTES)
                .subscribeOn(io);
    }
}
