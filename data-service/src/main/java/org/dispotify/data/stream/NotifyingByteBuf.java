package org.dispotify.data.stream;

import java.nio.ByteBuffer;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;

/**
 * A view of (part of) a cached chunk that says when the transport is done with it. The chunk is in
 * direct memory, so Netty writes it to the socket as it is, without a copy, and releases the view
 * only once the socket has taken every byte: that release is what lets the stream read the next
 * chunk. The memory belongs to the chunk cache and is never freed or written here.
 */
final class NotifyingByteBuf extends UnpooledDirectByteBuf {

    private final Runnable onRelease;

    NotifyingByteBuf(ByteBuffer slice, Runnable onRelease) {
        super(UnpooledByteBufAllocator.DEFAULT, slice, slice.remaining());
        this.onRelease = onRelease;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        onRelease.run();
    }
}
