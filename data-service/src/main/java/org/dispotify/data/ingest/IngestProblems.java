package org.dispotify.data.ingest;

import org.dispotify.ring.http.ReprDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** The rejections of an upload, as problem+json answers. */
final class IngestProblems {

    private IngestProblems() {
    }

    static ErrorResponseException tooLarge(DataSize limit) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
                "The file is larger than this node's limit of " + limit.toBytes() + " bytes.");
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Bad upload", detail);
    }

    static ErrorResponseException coverTooLarge(int limit) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Cover too large",
                "The cover is larger than the limit of " + limit + " bytes.");
    }

    static ErrorResponseException badCover(String why) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Bad cover",
                "The cover is not a usable JPEG or PNG image: " + why + ".");
    }

    static ErrorResponseException busy() {
        ErrorResponseException error = problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many uploads",
                "This node is processing as many uploads as it takes at once; retry shortly.");
        error.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return error;
    }

    static ErrorResponseException digestMismatch(String declared, String received, long size) {
        ErrorResponseException error = problem(HttpStatus.BAD_REQUEST, "Digest mismatch",
                "The " + size + " bytes received hash to " + received + ", not to the declared SHA-256 " + declared
                        + ": the file was damaged on the way. Nothing was stored; send it again.");
        error.getBody().setType(ReprDigest.MISMATCH_PROBLEM);
        error.getBody().setProperty("declaredSha256", declared);
        error.getBody().setProperty("receivedSha256", received);
        return error;
    }

    /** The spooled file no longer hashed to what arrived when its chunks were stored: nothing was kept. */
    static ErrorResponseException damagedWhileStoring(String id) {
        ErrorResponseException error = problem(HttpStatus.SERVICE_UNAVAILABLE, "Upload damaged while storing",
                "The file's bytes changed between arriving here and being stored (expected SHA-256 " + id
                        + "); nothing was stored. Send it again.");
        error.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return error;
    }

    static ErrorResponseException timeout() {
        return problem(HttpStatus.REQUEST_TIMEOUT, "Upload stalled", "The upload sent nothing for too long.");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
