package org.dispotify.data.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** Where reads and the scrub report chunks that fail their hash, so that replication can fetch a good copy. */
@Component
public class ChunkCorruption {

    private static final Logger log = LoggerFactory.getLogger(ChunkCorruption.class);

    private final Sinks.Many<CorruptChunkException> reports = Sinks.many().multicast().directBestEffort();

    void report(CorruptChunkException corrupt, String foundHow) {
        log.warn("Corrupt chunk {} of song {} detected {}", corrupt.index(), corrupt.songId(), foundHow);
        // Serialized: reads on several io threads may report at once; a lost report is found again on the next
        // read or scrub pass.
        synchronized (reports) {
            reports.tryEmitNext(corrupt);
        }
    }

    /** Every corrupt chunk found from now on (hot). */
    public Flux<CorruptChunkException> reports() {
        return reports.asFlux();
    }
}
