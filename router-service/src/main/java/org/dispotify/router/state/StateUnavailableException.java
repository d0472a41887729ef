package org.dispotify.router.state;

/** Personal state could not be read or written durably now: a retryable condition (503 with Retry-After). */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
