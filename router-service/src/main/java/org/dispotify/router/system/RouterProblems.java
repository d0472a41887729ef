package org.dispotify.router.system;

import java.net.URI;
import java.time.Duration;

import org.dispotify.ring.http.ReprDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The router's RFC 9457 problems, one factory per kind, so titles and types stay consistent. */
public final class RouterProblems {

    private static final String TYPE_BASE = "https://dispotify.org/problems/";

    private RouterProblems() {
    }

    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", "bad-request", detail);
    }

    public static ErrorResponseException songNotFound(String songId) {
        ErrorResponseException e = problem(HttpStatus.NOT_FOUND, "Song not found", "song-not-found",
                "No live data node holds a song with id '" + songId + "'.");
        e.getBody().setProperty("songId", songId);
        return e;
    }

    public static ErrorResponseException artistNotFound(String artistId) {
        ErrorResponseException e = problem(HttpStatus.NOT_FOUND, "Artist not found", "artist-not-found",
                "No song of the catalog is by or on an album of an artist with id '" + artistId + "'.");
        e.getBody().setProperty("artistId", artistId);
        return e;
    }

    public static ErrorResponseException albumNotFound(String albumId) {
        ErrorResponseException e = problem(HttpStatus.NOT_FOUND, "Album not found", "album-not-found",
                "No song of the catalog is on an album with id '" + albumId + "'.");
        e.getBody().setProperty("albumId", albumId);
        return e;
    }

    /** The song or album exists and has no cover (or only one that cannot be shown): the player draws its own. */
    public static ErrorResponseException noCover(String detail) {
        return problem(HttpStatus.NOT_FOUND, "No cover", "no-cover", detail);
    }

    public static ErrorResponseException coverUnavailable(String detail) {
        return problem(HttpStatus.BAD_GATEWAY, "Cover unavailable", "cover-unavailable", detail);
    }

    public static ErrorResponseException noDataNode(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "No live data node", "no-data-node", detail);
    }

    public static ErrorResponseException noProvider(String songId) {
        ErrorResponseException e = problem(HttpStatus.SERVICE_UNAVAILABLE, "No provider", "no-provider",
                "No live data node can serve the complete song '" + songId + "' right now.");
        e.getBody().setProperty("songId", songId);
        return e;
    }

    public static ErrorResponseException tooLarge(long maxBytes) {
        ErrorResponseException e = problem(HttpStatus.PAYLOAD_TOO_LARGE, "File too large", "too-large",
                "The file is larger than the limit of " + maxBytes + " bytes.");
        e.getBody().setProperty("maxBytes", maxBytes);
        return e;
    }

    /**
     * No data node stored the upload within the retry bound: the cluster is short of data nodes or busy
     * (a node died, another is switching to the data role). Nothing acknowledged was lost, and sending the
     * same file again later is safe (it is stored once, under its hash).
     */
    public static ErrorResponseException uploadUnavailable(String detail, Duration retryAfter) {
        ErrorResponseException e = problem(HttpStatus.SERVICE_UNAVAILABLE, "Upload not stored yet", "upload-failed", detail);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return e;
    }

    /** The bytes that arrived are not the file the sender declared: damaged on the way; nothing was forwarded. */
    public static ErrorResponseException digestMismatch(String declared, String received, long size) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, "Digest mismatch", "digest-mismatch",
                "The " + size + " bytes received hash to " + received + ", not to the declared SHA-256 " + declared
                        + ": the file was damaged on the way. Nothing was stored; send it again.");
        e.getBody().setType(ReprDigest.MISMATCH_PROBLEM);
        e.getBody().setProperty("declaredSha256", declared);
        e.getBody().setProperty("receivedSha256", received);
        return e;
    }

    public static ErrorResponseException coverTooLarge(long maxBytes) {
        ErrorResponseException e = problem(HttpStatus.PAYLOAD_TOO_LARGE, "Cover too large", "too-large",
                "The cover is larger than the limit of " + maxBytes + " bytes.");
        e.getBody().setProperty("maxBytes", maxBytes);
        return e;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create(TYPE_BASE + type));
        return new ErrorResponseException(status, body, null);
    }
}
