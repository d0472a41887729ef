package org.dispotify.router.relay;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The relay's RFC 9457 problems, in the same type namespace as the router's others. */
final class RelayProblems {

    private static final String TYPE_BASE = "https://dispotify.org/problems/";

    private RelayProblems() {
    }

    static ErrorResponseException relayOff() {
        return problem(HttpStatus.NOT_FOUND, "Relay off", "relay-off",
                "This router does not relay audio (dispotify.router.relay-audio is false); "
                        + "play from the URLs /api/songs/{id}/providers gives.");
    }

    static ErrorResponseException notAHolder(String songId, String nodeId) {
        ErrorResponseException e = problem(HttpStatus.NOT_FOUND, "Not a provider", "not-a-provider",
                "No live data node '" + nodeId + "' holds the song '" + songId + "'.");
        e.getBody().setProperty("songId", songId);
        e.getBody().setProperty("nodeId", nodeId);
        return e;
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", "bad-request", detail);
    }

    static ErrorResponseException busy(int maxStreams) {
        ErrorResponseException e = problem(HttpStatus.SERVICE_UNAVAILABLE, "Relay busy", "relay-busy",
                "This router already relays " + maxStreams + " streams; try again shortly or another router.");
        e.getHeaders().set("Retry-After", "1");
        return e;
    }

    static ErrorResponseException failed(String nodeId, String reason) {
        ErrorResponseException e = problem(HttpStatus.BAD_GATEWAY, "Data node failed", "relay-failed",
                "The data node '" + nodeId + "' failed before sending audio: " + reason + ".");
        e.getBody().setProperty("nodeId", nodeId);
        return e;
    }

    static ErrorResponseException timedOut(String nodeId, String reason) {
        ErrorResponseException e = problem(HttpStatus.GATEWAY_TIMEOUT, "Data node timed out", "relay-timeout",
                "The data node '" + nodeId + "' " + reason + ".");
        e.getBody().setProperty("nodeId", nodeId);
        return e;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create(TYPE_BASE + type));
        return new ErrorResponseException(status, body, null);
    }
}
