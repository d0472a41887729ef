package org.dispotify.ring.naming;

/** No name server answered, and there is no earlier answer to fall back on. */
public class NameServiceUnavailableException extends RuntimeException {

    public NameServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
