package org.dispotify.data.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.dispotify.data.audio.AnalyzedAudio;
import org.dispotify.data.audio.AudioAnalyzer;
import org.dispotify.data.audio.ChunkSpan;
import org.dispotify.data.audio.CorruptAudioException;
import org.dispotify.data.audio.UnsupportedAudioException;
import org.dispotify.data.store.ChunkBytesMismatchException;
import org.dispotify.data.store.ChunkLayout;
import org.dispotify.data.store.SongRow;
import org.dispotify.data.store.SongStore;
import org.dispotify.data.store.StoredCover;
import org.dispotify.data.system.DataProperties;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.ring.http.ReprDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns an upload into a stored song: spool and hash, analyse (format, tags, chunks), then store the
 * song row and every chunk in one transaction. Any failure leaves nothing behind: the temp file is
 * deleted and the transaction rolled back.
 */
@Service
public class SongIngest {

    private static final Logger log = LoggerFactory.getLogger(SongIngest.class);
    // Multipart framing and the small text fields around the file.
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final UploadSpooler spooler;
    private final AudioAnalyzer analyzer;
    private final SongStore store;
    private final DataSchedulers schedulers;
    private final DataProperties properties;
    private final Semaphore permits;
    private final Counter songsStored;
    private final Counter bytesIngested;
    private final MeterRegistry meters;

    SongIngest(UploadSpooler spooler, AudioAnalyzer analyzer, SongStore store, DataSchedulers schedulers,
               DataProperties properties, MeterRegistry meters) {
        this.spooler = spooler;
        this.analyzer = analyzer;
        this.store = store;
        this.schedulers = schedulers;
        this.properties = properties;
        this.permits = new Semaphore(properties.maxConcurrentIngests());
        this.meters = meters;
        this.songsStored = Counter.builder("dispotify.data.ingest.songs")
                .description("Songs stored by uploads").register(meters);
        this.bytesIngested = Counter.builder("dispotify.data.ingest.bytes")
                .description("Bytes of audio stored by uploads").baseUnit("bytes").register(meters);
    }

    /**
     * @param contentLength the request's Content-Length, if it sent one: a body that cannot fit is
     *                      refused before a byte of it is read
     * @param reprDigest    the request's {@code Repr-Digest} header, if any: the file's SHA-256, which the
     *                      bytes must match (as must a {@code sha256} form field)
     */
    public Mono<IngestResult> ingest(Flux<PartEvent> parts, Long contentLength, String reprDigest) {
        return Mono.defer(() -> {
            if (contentLength != null && contentLength > properties.maxUploadSize().toBytes() + MULTIPART_OVERHEAD) {
                return Mono.error(IngestProblems.tooLarge(properties.maxUploadSize()));
            }
            Optional<String> declared;
            try {
                declared = ReprDigest.sha256Of(reprDigest);
            } catch (IllegalArgumentException e) {
                return Mono.error(IngestProblems.badRequest("The Repr-Digest header is malformed: " + e.getMessage() + "."));
            }
            if (!permits.tryAcquire()) {
                return Mono.error(IngestProblems.busy());
            }
            long started = System.nanoTime();
            return spooler.spool(parts, declared)
                    .doOnNext(upload -> log.debug("Spooled {} bytes in {} ms", upload.size(), millisSince(started)))
                    .flatMap(upload -> store(upload)
                            .doFinally(signal -> schedulers.io().schedule(upload::delete)))
                    .doFinally(signal -> permits.release());
        }).doOnError(e -> meters.counter("dispotify.data.ingest.rejected", "reason", reason(e)).increment());
    }

    private Mono<IngestResult> store(SpooledUpload upload) {
        return store.find(upload.sha256())
                .map(existing -> new IngestResult(existing.song(), false))
                .switchIfEmpty(Mono.defer(() -> analyzeAndInsert(upload)));
    }

    private Mono<IngestResult> analyzeAndInsert(SpooledUpload upload) {
        long started = System.nanoTime();
        return Mono.fromCallable(() -> {
                    AnalyzedAudio audio = analyze(upload);
                    return new Analyzed(audio, CoverChoice.choose(audio.picture(), upload.cover(), upload.sha256()));
                })
                .subscribeOn(schedulers.io())
                .flatMap(analyzed -> {
                    AnalyzedAudio audio = analyzed.audio();
                    log.debug("Analyzed {} in {} ms", upload.sha256(), millisSince(started));
                    List<ChunkLayout> chunks = layout(audio, upload.size());
                    long inserting = System.nanoTime();
                    StoredCover cover = analyzed.cover();
                    SongRow row = SongTagging.row(upload, audio, System.currentTimeMillis(),
                            cover == null ? null : cover.sha256());
                    return store.insert(row, chunks, upload::read, cover)
                            .doOnNext(insert -> log.debug("Inserted {} chunks in {} ms", chunks.size(),
                                    millisSince(inserting)));
                })
                .onErrorMap(ChunkBytesMismatchException.class, e -> {
                    log.error("Upload {} changed between arriving and being stored; nothing was stored", upload.sha256());
                    return IngestProblems.damagedWhileStoring(upload.sha256());
                })
                .map(insert -> {
                    if (insert.created()) {
                        songsStored.increment();
                        bytesIngested.increment(upload.size());
                        log.info("Stored song {} ({} bytes, {})", insert.song().id(), upload.size(), insert.song().format());
                    }
                    return new IngestResult(insert.song(), insert.created());
                });
    }

    private AnalyzedAudio analyze(SpooledUpload upload) {
        if (upload.size() == 0) {
            throw new UnsupportedAudioException("The file is empty.");
        }
        try {
            return analyzer.analyze(upload.file());
        } catch (UnsupportedAudioException | CorruptAudioException e) {
            // Only the sender's bytes may earn a 415 or 422: a spool file damaged here is our fault.
            if (!upload.intact()) {
                log.error("Upload {} changed on disk after it arrived; nothing was stored", upload.sha256());
                throw IngestProblems.damagedWhileStoring(upload.sha256());
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // A parser that trips over hostile bytes is still hostile bytes: reject them, keep the trace.
            log.warn("Audio analysis failed on upload {}", upload.sha256(), e);
            throw new CorruptAudioException("The file could not be parsed as audio.", e);
        }
    }

    /** The analyzer's chunk spans, checked: they must cover the file exactly, in order. */
    static List<ChunkLayout> layout(AnalyzedAudio audio, long size) {
        List<ChunkSpan> spans = audio.chunks();
        if (spans.isEmpty()) {
            throw new IllegalStateException("the analyzer found no chunks in a " + size + " byte file");
        }
        long expectedOffset = 0;
        for (int i = 0; i < spans.size(); i++) {
            ChunkSpan span = spans.get(i);
            if (span.index() != i || span.byteOffset() != expectedOffset || span.byteLength() <= 0
                    || span.byteLength() > Integer.MAX_VALUE - 8 || span.durationMs() < 0 || span.startMs() < 0) {
                throw new IllegalStateException("the analyzer's chunk " + i + " does not continue chunk " + (i - 1)
                        + ": " + span);
            }
            expectedOffset += span.byteLength();
        }
        if (expectedOffset != size) {
            throw new IllegalStateException("the analyzer's chunks cover " + expectedOffset + " of " + size + " bytes");
        }
        return spans.stream()
                .map(s -> new ChunkLayout(s.index(), s.startMs(), s.durationMs(), s.byteOffset(), s.byteLength()))
                .toList();
    }

    /** The analysis and the cover chosen for the song (null when it has none). */
    private record Analyzed(AnalyzedAudio audio, StoredCover cover) {
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static String reason(Throwable e) {
        if (e instanceof UnsupportedAudioException) {
            return "unsupported";
        }
        if (e instanceof CorruptAudioException) {
            return "corrupt";
        }
        if (e instanceof org.springframework.web.ErrorResponseException response) {
            return Integer.toString(response.getStatusCode().value());
        }
        return "error";
    }
}
