package org.dispotify.data.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.dispotify.data.system.DataProperties;
import org.dispotify.data.system.DataSchedulers;
import org.dispotify.ring.http.BodySpool;
import org.dispotify.ring.http.ReprDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes the {@code file} part of a multipart upload to a temp file under the state directory as it
 * arrives, hashing and counting the bytes on the way ({@link BodySpool}): a song is never whole in the
 * heap, and an upload over the size limit fails as soon as its bytes pass the limit, without reading the
 * rest. The SHA-256 of what was written is the song's id; a declared one ({@code sha256} field or
 * {@code Repr-Digest}) must match it.
 */
@Component
class UploadSpooler {

    static final String FILE_PART = "file";
    /** The fields that override tags (see SongTagging); others are drained, so a form cannot fill the heap with fields. */
    static final Set<String> FIELDS = Set.of("title", "artist", "album", "genre");
    /** The file's SHA-256 as the sender computed it (64 hex digits): the upload fails unless the bytes match. */
    static final String DIGEST_FIELD = "sha256";
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Path spoolDir;
    private final DataSize limit;
    private final Scheduler io;

    UploadSpooler(@Value("${dispotify.dir:.dispotify}") Path dir, DataProperties properties, DataSchedulers schedulers)
            throws IOException {
        this.io = schedulers.io();
        this.spoolDir = dir.resolve("ingest").toAbsolutePath();
        this.limit = properties.maxUploadSize();
        Files.createDirectories(spoolDir);
        // Left over by a process that died mid-upload; nothing else uses this directory.
        try (Stream<Path> stale = Files.list(spoolDir)) {
            stale.forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Spools the upload; on any error the temp file is gone before the error is signalled.
     *
     * @param declared the file's SHA-256 declared outside the form (a {@code Repr-Digest} header), if any;
     *                 it and a {@code sha256} field must agree with each other and with the bytes
     */
    Mono<SpooledUpload> spool(Flux<PartEvent> parts, Optional<String> declared) {
        return Mono.defer(() -> {
            Spool spool = new Spool(declared);
            return parts.timeout(IDLE_TIMEOUT)
                    // Spring's multipart reader throws these on malformed part headers (Content-Type,
                    // Content-Disposition) while the body streams in: the sender's fault, a 400.
                    .onErrorMap(IllegalArgumentException.class,
                            e -> IngestProblems.badRequest("Malformed multipart body: " + e.getMessage()))
                    .windowUntil(PartEvent::isLast)
                    .concatMap(spool::part)
                    .then(Mono.fromCallable(spool::finish))
                    .onErrorMap(TimeoutException.class, e -> IngestProblems.timeout())
                    .onErrorResume(e -> Mono.fromRunnable(spool::discard).subscribeOn(io).then(Mono.error(e)))
                    .doOnCancel(() -> io.schedule(spool::discard));
        });
    }

    private final class Spool {

        private final Map<String, String> fields = new ConcurrentHashMap<>();
        private final AtomicReference<Path> file = new AtomicReference<>();
        private final Optional<String> declaredByHeader;
        private volatile String declaredByField;
        private volatile String filename;
        private volatile long size;
        private volatile BodySpool.Spooled spooled;
        private volatile byte[] cover;

        Spool(Optional<String> declaredByHeader) {
            this.declaredByHeader = declaredByHeader;
        }

        Mono<Void> part(Flux<PartEvent> events) {
            return events.<Void>switchOnFirst((signal, all) -> {
                PartEvent first = signal.get();
                if (first == null) {
                    return all.then();
                }
                // A part whose Content-Disposition names nothing is not ours (PartEvent.name() would throw).
                String name = first.headers().getContentDisposition().getName();
                if (first instanceof FilePartEvent filePart && FILE_PART.equals(name)) {
                    return write(filePart, all);
                }
                if (first instanceof FilePartEvent && CoverPart.NAME.equals(name)) {
                    return CoverPart.read(all).doOnNext(bytes -> cover = bytes).then();
                }
                if (first instanceof FormPartEvent form && name != null && FIELDS.contains(name)) {
                    if (form.value().length() > 1000) {
                        return all.doOnNext(this::release)
                                .then(Mono.error(IngestProblems.badRequest("Form field '" + name
                                        + "' is longer than 1000 characters.")));
                    }
                    fields.put(name, form.value());
                } else if (first instanceof FormPartEvent form && DIGEST_FIELD.equals(name)) {
                    try {
                        declaredByField = ReprDigest.sha256Hex(form.value());
                    } catch (IllegalArgumentException e) {
                        return all.doOnNext(this::release).then(Mono.error(IngestProblems.badRequest(
                                "The form field 'sha256' must be the file's SHA-256 as 64 hex digits.")));
                    }
                }
                // Form fields are already decoded; other file parts are not ours: drain them.
                return all.doOnNext(this::release).then();
            }).then();
        }

        private Mono<Void> write(FilePartEvent first, Flux<PartEvent> events) {
            return Mono.fromCallable(() -> Files.createTempFile(spoolDir, "upload-", ".part"))
                    .subscribeOn(io)
                    .flatMap(target -> write(first, events, target));
        }

        private Mono<Void> write(FilePartEvent first, Flux<PartEvent> events, Path target) {
            if (!file.compareAndSet(null, target)) {
                quietlyDelete(target);
                return events.doOnNext(this::release)
                        .then(Mono.error(IngestProblems.badRequest("Send exactly one part named 'file'.")));
            }
            filename = first.filename();
            Flux<DataBuffer> within = events.map(PartEvent::content).handle((buffer, sink) -> {
                size += buffer.readableByteCount();
                if (size > limit.toBytes()) {
                    DataBufferUtils.release(buffer);
                    sink.error(IngestProblems.tooLarge(limit));
                    return;
                }
                sink.next(buffer);
            });
            return BodySpool.write(within, target, io).doOnNext(written -> spooled = written).then();
        }

        SpooledUpload finish() {
            Path path = file.get();
            if (path == null) {
                throw IngestProblems.badRequest("The upload has no part named 'file'.");
            }
            String received = spooled.sha256();
            if (declaredByField != null && declaredByHeader.isPresent() && !declaredByField.equals(declaredByHeader.get())) {
                throw IngestProblems.badRequest("The form's sha256 and the Repr-Digest header name different files.");
            }
            Optional<String> declared = declaredByHeader.or(() -> Optional.ofNullable(declaredByField));
            if (declared.isPresent() && !declared.get().equals(received)) {
                throw IngestProblems.digestMismatch(declared.get(), received, spooled.bytes());
            }
            return new SpooledUpload(path, received, spooled.bytes(), filename, fields, cover);
        }

        void discard() {
            Path path = file.get();
            if (path != null) {
                quietlyDelete(path);
            }
        }

        private void release(PartEvent event) {
            DataBufferUtils.release(event.content());
        }
    }

    private static void quietlyDelete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Removed at the next start.
        }
    }
}
