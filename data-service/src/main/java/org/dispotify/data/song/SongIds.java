package org.dispotify.data.song;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Song ids are lowercase hex SHA-256: anything else is a bad request, checked before any lookup. */
public final class SongIds {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private SongIds() {
    }

    public static String require(String id) {
        if (!ID.matcher(id).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "A song id is 64 lowercase hex characters (the SHA-256 of the file).");
            problem.setTitle("Bad song id");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return id;
    }

    public static ErrorResponseException notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No song " + id + " on this node.");
        problem.setTitle("Song not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    static ErrorResponseException noChunk(String id, String which) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Song " + id + " has no chunk " + which + ".");
        problem.setTitle("Chunk not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    public static ErrorResponseException badParameter(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad parameter");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
