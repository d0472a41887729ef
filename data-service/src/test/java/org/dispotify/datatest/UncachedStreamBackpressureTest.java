package org.dispotify.datatest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Listeners of a song read chunk by chunk from SQLite (no cache): reads follow the listener. */
class UncachedStreamBackpressureTest extends StreamBackpressureTestSupport {

    @DynamicPropertySource
    static void cacheOff(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> TestDirs.fresh("backpressure").toString());
        registry.add("dispotify.data.chunk-cache-size", () -> "0");
    }

    @Override
    boolean cached() {
        return false;
    }
}
