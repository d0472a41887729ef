package org.dispotify.router.testing;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;

/**
 * A Netty allocator for tests that notices buffers used after they were freed. A real pool hands a
 * freed buffer to the next allocation, so whoever still holds it (and releases it again, or reads it)
 * damages someone else's bytes; here a freed buffer stays freed and each later look at its reference
 * count is counted, deterministically, whatever the timing. Buffers are direct (socket writes need
 * that) and their memory is left to the garbage collector, so a use after free is counted, never a crash.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final LongAdder usesAfterFree = new LongAdder();

    public TrackingAllocator() {
        super(false);
    }

    /** Reference-count reads or releases of buffers that had already been freed. */
    public long usesAfterFree() {
        return usesAfterFree.sum();
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return newDirectBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return new Tracked(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    private final class Tracked extends UnpooledDirectByteBuf {

        private volatile boolean freed;

        Tracked(int initialCapacity, int maxCapacity) {
            super(TrackingAllocator.this, initialCapacity, maxCapacity);
        }

        @Override
        public int refCnt() {
            if (freed) {
                usesAfterFree.increment();
            }
            return super.refCnt();
        }

        @Override
        public boolean release() {
            if (freed) {
                usesAfterFree.increment();
            }
            return super.release();
        }

        @Override
        protected void deallocate() {
            freed = true;
            super.deallocate();
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            // Left to the garbage collector: a late reader must find memory, not a crash.
        }
    }
}
