package org.dispotify.imaging;

/** Bytes that are not an acceptable cover: unknown format, over the limits, truncated or corrupt. */
public class BadImageException extends RuntimeException {

    public BadImageException(String message) {
        super(message);
    }

    public BadImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
