package org.dispotify.data.ingest;

import org.dispotify.data.audio.EmbeddedPicture;
import org.dispotify.data.store.Sha256;
import org.dispotify.data.store.StoredCover;
import org.dispotify.imaging.BadImageException;
import org.dispotify.imaging.CoverImages;
import org.dispotify.imaging.ImageInfo;
import org.dispotify.imaging.ImageLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a new song's cover: the picture its tags embed (the front cover if several), else the cover
 * sent with the upload, else none. Either must be a JPEG or PNG within {@link ImageLimits#COVERS}
 * whose pixels decode (checked at a small size, so a huge or hostile picture costs little): a bad
 * embedded picture is dropped (the song is still good), a bad uploaded cover is refused with 422.
 * Blocking CPU work: call it off the event loop.
 */
final class CoverChoice {

    private static final Logger log = LoggerFactory.getLogger(CoverChoice.class);
    /** The trial decode's box: enough to prove the pixels decode, cheap even for a large picture. */
    private static final int CHECK_BOX = 64;

    private CoverChoice() {
    }

    /** The cover to store, or null. */
    static StoredCover choose(EmbeddedPicture embedded, byte[] uploaded, String songId) {
        if (embedded != null) {
            try {
                return checked(embedded.bytes());
            } catch (BadImageException e) {
                log.info("Song {} embeds a picture that is not a usable cover ({}); ignoring it", songId, e.getMessage());
            }
        }
        if (uploaded == null || uploaded.length == 0) {
            return null;
        }
        try {
            return checked(uploaded);
        } catch (BadImageException e) {
            throw IngestProblems.badCover(e.getMessage());
        }
    }

    private static StoredCover checked(byte[] bytes) {
        ImageInfo info = CoverImages.inspect(bytes, ImageLimits.COVERS);
        CoverImages.decode(bytes, CHECK_BOX, ImageLimits.COVERS);
        return new StoredCover(Sha256.hex(bytes), info.mimeType(), info.width(), info.height(), bytes);
    }
}
