package org.dispotify.imaging;

/** An encoded image and its MIME type. */
public record ScaledImage(byte[] bytes, String mimeType) {
}
