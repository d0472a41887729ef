package org.dispotify.imaging;

/**
 * What an acceptable cover may be. Dimensions come from the header, before any pixel is decoded, so a
 * small file that claims a huge picture (a decompression bomb) is refused for the cost of its header.
 *
 * @param maxBytes  the largest encoded image
 * @param maxSide   the widest or tallest picture
 * @param maxPixels the most pixels (width times height)
 */
public record ImageLimits(int maxBytes, int maxSide, long maxPixels) {

    /** 8 MiB, 8000 px a side, 40 megapixels: far beyond any real cover, far below what hurts a node. */
    public static final ImageLimits COVERS = new ImageLimits(8 * 1024 * 1024, 8000, 40_000_000L);

    public ImageLimits {
        if (maxBytes < 1 || maxSide < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
