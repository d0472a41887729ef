package org.dispotify.data.store;

/** A cover as stored: its bytes, keyed by their SHA-256, with what the image's header said. */
public record StoredCover(String sha256, String mimeType, int width, int height, byte[] bytes) {
}
