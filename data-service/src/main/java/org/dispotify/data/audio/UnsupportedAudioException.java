package org.dispotify.data.audio;

/** The bytes are not a format Dispotify stores (answered with 415). */
public class UnsupportedAudioException extends RuntimeException {

    public UnsupportedAudioException(String message) {
        super(message);
    }
}
