package org.dispotify.data.ingest;

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

    static ErrorResponseException timeout() {
        return problem(HttpStatus.REQUEST_TIMEOUT, "Upload stalled", "The upload sent nothing for too long.");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
