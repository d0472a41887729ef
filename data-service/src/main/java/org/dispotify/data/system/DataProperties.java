package org.dispotify.data.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the data role ({@code dispotify.data.*}). Defaults live here, not in a properties
 * file, because every module shares one fat jar.
 *
 * @param maxUploadSize        largest accepted audio file; bigger uploads get 413 before the rest is read
 * @param maxConcurrentIngests uploads processed at once; more get 503 with Retry-After
 * @param chunkCacheSize       bytes of recently streamed chunks kept in heap; 0 disables the cache
 * @param ioThreads            threads of the bounded scheduler that runs SQLite reads and file I/O
 * @param readConnections      pooled SQLite connections (one of them at a time writes)
 * @param busyTimeout          how long SQLite waits for a lock before failing
 * @param observeStreams       whether audio and chunk requests get Spring's per-request observation
 *                             ({@code http.server.requests}); off by default because it costs about a
 *                             third of the throughput of small range requests, and the streams have
 *                             their own metrics ({@code dispotify.data.stream.*})
 * @param replicationFactor    how many data nodes hold every song (fewer only while fewer are live)
 */
@ConfigurationProperties("dispotify.data")
public record DataProperties(
        @DefaultValue("200MB") DataSize maxUploadSize,
        @DefaultValue("4") int maxConcurrentIngests,
        @DefaultValue("64MB") DataSize chunkCacheSize,
        @DefaultValue("16") int ioThreads,
        @DefaultValue("8") int readConnections,
        @DefaultValue("10s") Duration busyTimeout,
        @DefaultValue("false") boolean observeStreams,
        @DefaultValue("2") int replicationFactor) {

    public DataProperties {
        if (maxUploadSize.toBytes() <= 0) {
            throw new IllegalArgumentException("dispotify.data.max-upload-size must be positive");
        }
        if (maxConcurrentIngests < 1 || ioThreads < 1 || readConnections < 1) {
            throw new IllegalArgumentException(
                    "dispotify.data.max-concurrent-ingests, io-threads and read-connections must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("dispotify.data.replication-factor must be at least 1");
        }
        if (chunkCacheSize.toBytes() < 0) {
            throw new IllegalArgumentException("dispotify.data.chunk-cache-size must not be negative");
        }
    }
}
