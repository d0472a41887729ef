package org.dispotify.data.stream;

import java.util.ArrayList;
import java.util.List;

import org.dispotify.data.store.ChunkLayout;

/** Which chunks, and which bytes of each, make up a byte range of a song. */
final class StreamPlan {

    private StreamPlan() {
    }

    /** The segments covering {@code range}, in order; only chunks overlapping the range are touched. */
    static List<Segment> segments(List<ChunkLayout> chunks, ByteRange range) {
        List<Segment> segments = new ArrayList<>();
        for (ChunkLayout chunk : chunks) {
            long from = Math.max(range.start(), chunk.byteOffset());
            long to = Math.min(range.end() + 1, chunk.endOffset());
            if (from < to) {
                segments.add(new Segment(chunk.index(), (int) (from - chunk.byteOffset()), (int) (to - from)));
            }
        }
        return segments;
    }
}
