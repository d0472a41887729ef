package org.dispotify.data.stream;

import java.time.Duration;
import java.util.List;

import org.dispotify.data.store.ChunkLayout;
import org.dispotify.data.store.StoredSong;
import org.dispotify.ring.http.ReprDigest;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import reactor.core.publisher.Flux;

/**
 * Builds the audio responses of a stored song: the whole file, one byte range, the file from a time
 * on, or one chunk. Headers are decided before the body streams, so every error is a clean
 * problem+json answer. HEAD gets the same headers and no body, and reads no chunk.
 */
@Component
public class AudioResponder {

    public static final String CHUNK_INDEX = "X-Chunk-Index";
    public static final String CHUNK_START_MS = "X-Chunk-Start-Ms";
    public static final String CHUNK_DURATION_MS = "X-Chunk-Duration-Ms";
    public static final String BYTE_OFFSET = "X-Byte-Offset";

    // A song id is the hash of its bytes, so a URL's content never changes.
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final ChunkStreamer streamer;

    AudioResponder(ChunkStreamer streamer) {
        this.streamer = streamer;
    }

    /** {@code GET|HEAD /audio}: conditional (If-None-Match, If-Range) and single-range aware. */
    public ResponseEntity<Flux<DataBuffer>> audio(StoredSong song, HttpHeaders request, boolean head,
                                                  DataBufferFactory factory) {
        String etag = etag(song);
        if (EntityTags.matchesAny(request.getFirst(HttpHeaders.IF_NONE_MATCH), etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(IMMUTABLE)
                    .header(HttpHeaders.ACCEPT_RANGES, "bytes").build();
        }
        String ifRange = request.getFirst(HttpHeaders.IF_RANGE);
        // If-Range with a stale validator (or a date: there is no Last-Modified here) means: send it all.
        boolean rangeAllowed = ifRange == null || EntityTags.strongMatch(ifRange, etag);
        RangeRequest range = rangeAllowed
                ? RangeRequest.parse(request.getFirst(HttpHeaders.RANGE), song.size())
                : RangeRequest.WHOLE;
        if (range instanceof RangeRequest.Unsatisfiable) {
            ErrorResponseException error = new ErrorResponseException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    ProblemDetail.forStatusAndDetail(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                            "The song has " + song.size() + " bytes; the requested range lies outside them."), null);
            error.getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + song.size());
            throw error;
        }
        if (range instanceof RangeRequest.Partial partial) {
            ByteRange bytes = partial.range();
            return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                    .headers(audioHeaders(song, etag))
                    .header(HttpHeaders.CONTENT_RANGE, bytes.contentRange(song.size()))
                    .contentLength(bytes.length())
                    .body(body(song, bytes, head, factory));
        }
        ByteRange whole = ByteRange.whole(song.size());
        return ResponseEntity.ok().headers(audioHeaders(song, etag)).contentLength(whole.length())
                .body(body(song, whole, head, factory));
    }

    /**
     * {@code ?fromMs=t}: the file's bytes from the first byte of the chunk that holds t to the end,
     * exactly as they are stored (the same bytes as {@code Range: bytes=<offset>-}). MP3 frames and Ogg
     * pages resynchronise, so this plays on its own for MP3; FLAC, WAV and Ogg decoders need the
     * stream headers, which chunk 0 carries: a player that fetched chunk 0 first splices them.
     */
    public ResponseEntity<Flux<DataBuffer>> from(StoredSong song, ChunkLayout first, boolean head,
                                                 DataBufferFactory factory) {
        ByteRange bytes = new ByteRange(first.byteOffset(), song.size() - 1);
        return ResponseEntity.ok().headers(audioHeaders(song, null))
                .header(CHUNK_INDEX, Integer.toString(first.index()))
                .header(CHUNK_START_MS, Long.toString(first.startMs()))
                .header(BYTE_OFFSET, Long.toString(first.byteOffset()))
                .contentLength(bytes.length())
                .body(body(song, bytes, head, factory));
    }

    /** One chunk, with where it sits in time and in the file. */
    public ResponseEntity<Flux<DataBuffer>> chunk(StoredSong song, ChunkLayout chunk, boolean head,
                                                  DataBufferFactory factory) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(song.song().mimeType()))
                .cacheControl(IMMUTABLE)
                .eTag("\"" + song.id() + "-" + chunk.index() + "\"")
                .header(CHUNK_INDEX, Integer.toString(chunk.index()))
                .header(CHUNK_START_MS, Long.toString(chunk.startMs()))
                .header(CHUNK_DURATION_MS, Long.toString(chunk.durationMs()))
                .header(BYTE_OFFSET, Long.toString(chunk.byteOffset()))
                .contentLength(chunk.byteLength())
                .body(head ? Flux.empty() : streamer.stream(song.id(),
                        List.of(new Segment(chunk.index(), 0, (int) chunk.byteLength())), factory));
    }

    private Flux<DataBuffer> body(StoredSong song, ByteRange range, boolean head, DataBufferFactory factory) {
        return head ? Flux.empty() : streamer.stream(song.id(), StreamPlan.segments(song.chunks(), range), factory);
    }

    private static HttpHeaders audioHeaders(StoredSong song, String etag) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(song.song().mimeType()));
        headers.setCacheControl(IMMUTABLE);
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (etag != null) {
            // The whole file is the representation (a range is a part of it): its digest is the song id.
            headers.setETag(etag);
            headers.set(ReprDigest.HEADER, ReprDigest.header(song.id()));
        }
        return headers;
    }

    private static String etag(StoredSong song) {
        return "\"" + song.id() + "\"";
    }
}
