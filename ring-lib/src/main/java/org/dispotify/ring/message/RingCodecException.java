package org.dispotify.ring.message;

/** A frame that is not a ring message we accept: bad JSON, an unknown type, a missing field, or too large. */
public class RingCodecException extends RuntimeException {

    public RingCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
