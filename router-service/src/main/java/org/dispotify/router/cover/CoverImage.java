package org.dispotify.router.cover;

/** A cover's bytes as served, or (empty bytes) the mark of a cover that cannot be shown. */
record CoverImage(byte[] bytes, String mimeType) {

    static final CoverImage UNSHOWABLE = new CoverImage(new byte[0], "");

    boolean showable() {
        return bytes.length > 0;
    }
}
