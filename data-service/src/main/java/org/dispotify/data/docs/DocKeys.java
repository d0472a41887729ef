package org.dispotify.data.docs;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Document keys: what routers name documents by ({@code user:alice}, {@code playlists:alice}), checked at the door. */
final class DocKeys {

    static final int MAX_LENGTH = 200;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    private DocKeys() {
    }

    static String checked(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw problem(HttpStatus.BAD_REQUEST, "Bad document key", "A document key is 1-" + MAX_LENGTH
                    + " characters of a-z, 0-9 and . _ : - (starting with a letter or digit).");
        }
        return key;
    }

    static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
