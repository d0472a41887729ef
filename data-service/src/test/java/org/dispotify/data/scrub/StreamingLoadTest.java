package org.dispotify.data.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StreamingLoadTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    @Test
    void busyWhileTheNodeStreamsFasterThanTheThresholdAndIdleAgainAfter() {
        StreamingLoad load = new StreamingLoad(sent::get, now::get, 8_000_000);
        assertThat(load.busy()).isFalse();

        sent.addAndGet(20_000_000);
        now.addAndGet(StreamingLoad.WINDOW_NANOS * 2); // 10 MB/s over two seconds
        assertThat(load.busy()).isTrue();
        assertThat(load.bytesPerSecond()).isEqualTo(10_000_000.0);

        sent.addAndGet(1_000_000);
        now.addAndGet(StreamingLoad.WINDOW_NANOS); // 1 MB/s
        assertThat(load.busy()).isFalse();
    }

    @Test
    void aShortGapKeepsTheLastMeasure() {
        StreamingLoad load = new StreamingLoad(sent::get, now::get, 8_000_000);
        sent.addAndGet(10_000_000);
        now.addAndGet(StreamingLoad.WINDOW_NANOS);
        assertThat(load.busy()).isTrue();

        now.addAndGet(StreamingLoad.WINDOW_NANOS / 10);
        assertThat(load.busy()).as("measured again only after a whole window").isTrue();
    }

    @Test
    void aZeroThresholdIsNeverBusy() {
        StreamingLoad load = new StreamingLoad(sent::get, now::get, 0);
        sent.addAndGet(1_000_000_000);
        now.addAndGet(StreamingLoad.WINDOW_NANOS);
        assertThat(load.busy()).isFalse();
    }
}
