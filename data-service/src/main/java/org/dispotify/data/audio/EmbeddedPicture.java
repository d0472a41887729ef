package org.dispotify.data.audio;

/**
 * A picture a file carries in its tags (ID3v2 APIC, FLAC PICTURE, Vorbis METADATA_BLOCK_PICTURE), as
 * stored there: nothing about the bytes is checked yet.
 *
 * @param type     the ID3/FLAC picture type: 3 is the front cover, 0 "other"
 * @param mimeType what the tag claims (never trusted: the bytes decide)
 */
public record EmbeddedPicture(int type, String mimeType, byte[] bytes) {

    public static final int FRONT_COVER = 3;

    boolean frontCover() {
        return type == FRONT_COVER;
    }
}
