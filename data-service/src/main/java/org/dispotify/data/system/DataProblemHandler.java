package org.dispotify.data.system;

import org.dispotify.data.audio.CorruptAudioException;
import org.dispotify.data.audio.UnsupportedAudioException;
import org.dispotify.data.store.CorruptChunkException;
import org.dispotify.data.store.CorruptCoverException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * problem+json (RFC 9457) for every error of the data role's endpoints: Spring's own exceptions via
 * {@link ResponseEntityExceptionHandler}, the analyzer's rejections as 415 and 422.
 */
@RestControllerAdvice(basePackages = "org.dispotify.data")
class DataProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnsupportedAudioException.class)
    Mono<ResponseEntity<Object>> unsupported(UnsupportedAudioException e, ServerWebExchange exchange) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported audio",
                detail(e, "The file is not MP3, FLAC, Ogg Vorbis, Ogg Opus or WAV."), e, exchange);
    }

    @ExceptionHandler(CorruptAudioException.class)
    Mono<ResponseEntity<Object>> corrupt(CorruptAudioException e, ServerWebExchange exchange) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Corrupt audio",
                detail(e, "The file is truncated or corrupt."), e, exchange);
    }

    @ExceptionHandler(CorruptChunkException.class)
    Mono<ResponseEntity<Object>> damaged(CorruptChunkException e, ServerWebExchange exchange) {
        // The chunk is being re-fetched from another holder; the client should ask another node meanwhile.
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Damaged chunk", e.getMessage(), e, exchange);
    }

    @ExceptionHandler(CorruptCoverException.class)
    Mono<ResponseEntity<Object>> damagedCover(CorruptCoverException e, ServerWebExchange exchange) {
        // Being re-fetched from another holder, as a damaged chunk is: ask another node meanwhile.
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Damaged cover", e.getMessage(), e, exchange);
    }

    private Mono<ResponseEntity<Object>> problem(HttpStatus status, String title, String detail, Exception e,
                                                 ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return handleExceptionInternal(e, problem, null, status, exchange);
    }

    private static String detail(Exception e, String fallback) {
        return e.getMessage() == null || e.getMessage().isBlank() ? fallback : e.getMessage();
    }
}
