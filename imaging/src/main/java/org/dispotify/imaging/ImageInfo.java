package org.dispotify.imaging;

/** What an image's header says: its format and size. */
public record ImageInfo(ImageFormat format, int width, int height) {

    public String mimeType() {
        return format.mimeType();
    }
}
