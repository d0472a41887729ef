package org.dispotify.data.audio;

/** The bytes look like a supported format but are truncated or corrupt (answered with 422). */
public class CorruptAudioException extends RuntimeException {

    public CorruptAudioException(String message) {
        super(message);
    }

    public CorruptAudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
