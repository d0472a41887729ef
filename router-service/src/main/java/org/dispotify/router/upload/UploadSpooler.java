package org.dispotify.router.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.ring.http.BodySpool;
import org.dispotify.ring.http.ReprDigest;
import org.dispotify.router.RouterProperties;
import org.dispotify.router.system.RouterProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams an upload's {@code file} part to a temporary file, buffer by buffer, so a 200 MB song
 * never sits in the heap. Past the size limit the rest of the body is read and dropped (so the
 * client gets its 413 instead of a reset connection) and the upload fails. Form fields other than
 * title, artist, album and genre are ignored.
 */
@Component
class UploadSpooler {

    static final String FILE_PART = "file";
    static final Set<String> FIELDS = Set.of("title", "artist", "album", "genre");
    /** The file's SHA-256 as the sender computed it; forwarded too, as what this router received. */
    static final String DIGEST_FIELD = "sha256";
    private static final Logger log = LoggerFactory.getLogger(UploadSpooler.class);

    private final long maxBytes;
    private final Path spoolDir;

    UploadSpooler(RouterProperties properties) {
        this.maxBytes = properties.upload().maxFileSize().toBytes();
        this.spoolDir = properties.upload().spoolDir();
    }

    long maxBytes() {
        return maxBytes;
    }

    /** A new empty temp file; file-system calls block, so they run off the event loop. */
    Mono<Path> createTempFile() {
        return Mono.fromCallable(() -> {
            Path dir = spoolDir != null ? Files.createDirectories(spoolDir) : null;
            return dir != null ? Files.createTempFile(dir, "upload-", ".part") : Files.createTempFile("dispotify-upload-", ".part");
        }).subscribeOn(Schedulers.boundedElastic());
    }

    Mono<Void> delete(Path file) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(CoverSpool.besides(file));
            } catch (IOException e) {
                log.warn("could not delete spooled upload {}: {}", file, e.toString());
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Reads the whole multipart body, spooling the file part to {@code file} and hashing it on the way.
     *
     * @param reprDigest the request's {@code Repr-Digest} header, if any: with a {@code sha256} field, what
     *                   the file's SHA-256 must be (400, and nothing forwarded, when the bytes disagree)
     */
    Mono<SpooledUpload> spool(Flux<PartEvent> events, Path file, String reprDigest) {
        Form form = new Form();
        try {
            form.declaredByHeader = ReprDigest.sha256Of(reprDigest).orElse(null);
        } catch (IllegalArgumentException e) {
            return drain(events).then(Mono.error(RouterProblems.badRequest(
                    "The Repr-Digest header is malformed: " + e.getMessage() + ".")));
        }
        // Spring's multipart reader throws these on malformed part headers (Content-Type,
        // Content-Disposition) while the body streams in: the sender's fault, a 400.
        return events.onErrorMap(IllegalArgumentException.class,
                        e -> RouterProblems.badRequest("Malformed multipart body: " + e.getMessage()))
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, partEvents) -> {
                    if (!first.hasValue()) {
                        return partEvents.then();
                    }
                    PartEvent event = first.get();
                    // A part whose Content-Disposition names nothing is not ours (PartEvent.name() would throw).
                    String name = event.headers().getContentDisposition().getName();
                    if (event instanceof FilePartEvent filePart && FILE_PART.equals(name)) {
                        if (form.filename != null) {
                            form.extraFiles = true;
                            return drain(partEvents);
                        }
                        form.filename = filePart.filename();
                        form.contentType = filePart.headers().getContentType();
                        return write(partEvents, file, form);
                    }
                    if (event instanceof FilePartEvent && CoverSpool.PART.equals(name) && !form.cover) {
                        form.cover = true;
                        return CoverSpool.write(partEvents, CoverSpool.besides(file), form.coverTooLarge);
                    }
                    if (event instanceof FormPartEvent field && name != null && FIELDS.contains(name) && !field.value().isBlank()) {
                        form.fields.put(name, field.value().strip());
                    } else if (event instanceof FormPartEvent field && DIGEST_FIELD.equals(name)) {
                        form.declaredByField = field.value();
                    }
                    return drain(partEvents);
                }))
                .then(Mono.fromCallable(() -> form.toUpload(file, maxBytes)));
    }

    private Mono<Void> write(Flux<PartEvent> partEvents, Path file, Form form) {
        // handle, not filter: filter also hands what it drops to the subscriber context's discard
        // hook, so a buffer released here could be released twice when a hook that releases buffers
        // is in the context. handle drops without discarding.
        Flux<DataBuffer> within = partEvents.map(PartEvent::content)
                .handle((buffer, sink) -> {
                    long total = form.size.addAndGet(buffer.readableByteCount());
                    if (total > maxBytes) {
                        form.tooLarge.set(true);
                        DataBufferUtils.release(buffer);
                    } else {
                        sink.next(buffer);
                    }
                });
        return BodySpool.write(within, file, Schedulers.boundedElastic()).doOnNext(spooled -> form.spooled = spooled).then();
    }

    private static Mono<Void> drain(Flux<PartEvent> partEvents) {
        return partEvents.doOnNext(event -> DataBufferUtils.release(event.content())).then();
    }

    /** Collected while the parts stream by; read once the body has ended. */
    private static final class Form {
        final Map<String, String> fields = new LinkedHashMap<>();
        final AtomicLong size = new AtomicLong();
        final AtomicBoolean tooLarge = new AtomicBoolean();
        volatile String filename;
        volatile MediaType contentType;
        volatile boolean extraFiles;
        volatile String declaredByHeader;
        volatile String declaredByField;
        volatile BodySpool.Spooled spooled;
        volatile boolean cover;
        final AtomicBoolean coverTooLarge = new AtomicBoolean();

        SpooledUpload toUpload(Path file, long maxBytes) {
            if (tooLarge.get()) {
                throw RouterProblems.tooLarge(maxBytes);
            }
            if (coverTooLarge.get()) {
                throw RouterProblems.coverTooLarge(org.dispotify.imaging.ImageLimits.COVERS.maxBytes());
            }
            if (filename == null) {
                throw RouterProblems.badRequest("The form needs a 'file' part holding the song.");
            }
            if (extraFiles) {
                throw RouterProblems.badRequest("Send one 'file' part per upload.");
            }
            checkDeclared(spooled.sha256());
            MediaType type = contentType != null ? contentType : MediaType.APPLICATION_OCTET_STREAM;
            String name = filename.isBlank() ? "upload" : filename;
            return new SpooledUpload(file, name, type, spooled.bytes(), spooled.sha256(), Map.copyOf(fields),
                    cover ? CoverSpool.besides(file) : null);
        }

        private void checkDeclared(String received) {
            String field = null;
            if (declaredByField != null) {
                try {
                    field = ReprDigest.sha256Hex(declaredByField);
                } catch (IllegalArgumentException e) {
                    throw RouterProblems.badRequest("The form field 'sha256' must be the file's SHA-256 as 64 hex digits.");
                }
            }
            if (field != null && declaredByHeader != null && !field.equals(declaredByHeader)) {
                throw RouterProblems.badRequest("The form's sha256 and the Repr-Digest header name different files.");
            }
            String declared = field != null ? field : declaredByHeader;
            if (declared != null && !declared.equals(received)) {
                throw RouterProblems.digestMismatch(declared, received, spooled.bytes());
            }
        }
    }
}
