package org.dispotify.router.system;

import java.net.URI;

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

    public static ErrorResponseException uploadFailed(String detail) {
        return problem(HttpStatus.BAD_GATEWAY, "Upload failed", "upload-failed", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create(TYPE_BASE + type));
        return new ErrorResponseException(status, body, null);
    }
}
