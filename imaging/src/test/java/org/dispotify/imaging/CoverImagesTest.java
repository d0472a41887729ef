package org.dispotify.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class CoverImagesTest {

    private static final ImageLimits LIMITS = ImageLimits.COVERS;

    @Test
    void inspectReadsFormatAndSizeFromTheHeader() {
        assertThat(CoverImages.inspect(TestImages.jpeg(600, 400), LIMITS)).isEqualTo(new ImageInfo(ImageFormat.JPEG, 600, 400));
        assertThat(CoverImages.inspect(TestImages.png(32, 48), LIMITS)).isEqualTo(new ImageInfo(ImageFormat.PNG, 32, 48));
        assertThat(CoverImages.inspect(TestImages.progressiveJpeg(300, 300), LIMITS).format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void scaleFitsTheImageIntoTheBoxKeepingItsAspect() throws IOException {
        ScaledImage scaled = CoverImages.scale(TestImages.jpeg(1200, 800), 300, LIMITS);

        assertThat(scaled.mimeType()).isEqualTo("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(scaled.bytes()));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
    }

    @Test
    void scalingIsDeterministicSoItsHashCanBeAnEtag() {
        byte[] original = TestImages.png(900, 900);
        assertThat(CoverImages.scale(original, 128, LIMITS).bytes()).isEqualTo(CoverImages.scale(original, 128, LIMITS).bytes());
    }

    @Test
    void anImageThatAlreadyFitsIsNotScaled() {
        assertThat(CoverImages.scale(TestImages.jpeg(200, 100), 300, LIMITS)).isNull();
    }

    @Test
    void transparencyIsKeptAsPng() throws IOException {
        ScaledImage scaled = CoverImages.scale(TestImages.transparentPng(400, 400), 100, LIMITS);

        assertThat(scaled.mimeType()).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(scaled.bytes())).getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void progressiveAndFourChannelJpegsDecode() throws IOException {
        byte[] cmyk = TestImages.cmykJpeg(256, 256);
        assertThat(CoverImages.scale(TestImages.progressiveJpeg(640, 640), 64, LIMITS).bytes()).isNotEmpty();
        ScaledImage scaled = CoverImages.scale(cmyk, 64, LIMITS);
        assertThat(ImageIO.read(new ByteArrayInputStream(scaled.bytes())).getWidth()).isEqualTo(64);
    }

    @Test
    void aLargeImageIsDecodedSubsampledNeverAtFullSize() {
        BufferedImage decoded = CoverImages.decode(TestImages.jpeg(4000, 3000), 300, LIMITS);

        assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isBetween(300, 600);
    }

    @Test
    void aHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> CoverImages.inspect(TestImages.pngHeaderClaiming(100_000, 100_000), LIMITS))
                .isInstanceOf(BadImageException.class).hasMessageContaining("over the limit");
        assertThatThrownBy(() -> CoverImages.scale(TestImages.jpegClaiming(60_000, 60_000), 300, LIMITS))
                .isInstanceOf(BadImageException.class).hasMessageContaining("over the limit");
        // Each side within limits, the area not: 7000 x 7000 is 49 megapixels.
        assertThatThrownBy(() -> CoverImages.inspect(TestImages.pngHeaderClaiming(7000, 7000), LIMITS))
                .isInstanceOf(BadImageException.class);
    }

    @Test
    void wrongMagicEmptyAndOversizedBytesAreRefused() {
        assertThatThrownBy(() -> CoverImages.inspect(TestImages.zip(), LIMITS)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("not a JPEG or PNG");
        assertThatThrownBy(() -> CoverImages.inspect("GIF89a...".getBytes(), LIMITS)).isInstanceOf(BadImageException.class);
        assertThatThrownBy(() -> CoverImages.inspect(new byte[0], LIMITS)).isInstanceOf(BadImageException.class);
        byte[] big = TestImages.jpeg(64, 64);
        assertThatThrownBy(() -> CoverImages.inspect(big, new ImageLimits(big.length - 1, 8000, 1_000_000)))
                .isInstanceOf(BadImageException.class).hasMessageContaining("bytes");
    }

    @Test
    void truncatedImagesAreRefusedWhenDecoded() {
        byte[] png = TestImages.png(500, 500);
        byte[] jpeg = TestImages.jpeg(500, 500);
        assertThatThrownBy(() -> CoverImages.decode(Arrays.copyOf(png, png.length / 2), 100, LIMITS))
                .isInstanceOf(BadImageException.class);
        assertThatThrownBy(() -> CoverImages.decode(Arrays.copyOf(jpeg, jpeg.length / 2), 100, LIMITS))
                .isInstanceOf(BadImageException.class);
        assertThatThrownBy(() -> CoverImages.inspect(Arrays.copyOf(png, 20), LIMITS)).isInstanceOf(BadImageException.class);
    }

    @Test
    void randomBytesBehindAValidMagicNeverEscapeAsAnythingButBadImage() {
        java.util.Random random = new java.util.Random(7);
        byte[] jpeg = TestImages.jpeg(120, 120);
        for (int round = 0; round < 200; round++) {
            byte[] damaged = jpeg.clone();
            for (int k = 0; k < 8; k++) {
                damaged[3 + random.nextInt(damaged.length - 3)] = (byte) random.nextInt();
            }
            try {
                CoverImages.scale(damaged, 32, LIMITS);
            } catch (BadImageException expected) {
                // refused: fine
            }
        }
    }
}
