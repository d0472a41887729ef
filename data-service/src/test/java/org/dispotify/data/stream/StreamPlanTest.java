package org.dispotify.data.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.dispotify.data.store.ChunkLayout;
import org.junit.jupiter.api.Test;

class StreamPlanTest {

    // Three chunks of 100, 50 and 200 bytes.
    private static final List<ChunkLayout> CHUNKS = List.of(
            new ChunkLayout(0, 0, 10_000, 0, 100),
            new ChunkLayout(1, 10_000, 10_000, 100, 50),
            new ChunkLayout(2, 20_000, 10_000, 150, 200));

    @Test
    void theWholeFileIsEveryChunkWhole() {
        assertThat(StreamPlan.segments(CHUNKS, ByteRange.whole(350))).containsExactly(
                new Segment(0, 0, 100), new Segment(1, 0, 50), new Segment(2, 0, 200));
    }

    @Test
    void aRangeInsideOneChunkTouchesOnlyThatChunk() {
        assertThat(StreamPlan.segments(CHUNKS, new ByteRange(110, 119))).containsExactly(new Segment(1, 10, 10));
    }

    @Test
    void aRangeAcrossChunksIsSlicedAtBothEnds() {
        assertThat(StreamPlan.segments(CHUNKS, new ByteRange(90, 160))).containsExactly(
                new Segment(0, 90, 10), new Segment(1, 0, 50), new Segment(2, 0, 11));
    }

    @Test
    void rangesOnChunkBoundariesTakeNoEmptySegments() {
        assertThat(StreamPlan.segments(CHUNKS, new ByteRange(100, 149))).containsExactly(new Segment(1, 0, 50));
        assertThat(StreamPlan.segments(CHUNKS, new ByteRange(349, 349))).containsExactly(new Segment(2, 199, 1));
    }
}
