package org.dispotify.imaging;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Cover art from untrusted bytes: {@link #inspect} checks format and size from the header alone;
 * {@link #decode} decodes with source subsampling, so the pixels held stay near the size asked for
 * whatever the picture's own size; {@link #scale} makes the scaled copy the player shows. Stateless
 * and thread-safe; every call is CPU work, so callers run it off event loops, with bounded
 * concurrency.
 *
 * <p>JPEG goes through TwelveMonkeys' reader (CMYK, YCCK, broken ICC profiles and other variants the
 * JDK's reader refuses), PNG through the JDK's. Both are looked up in the default ImageIO registry,
 * into which the TwelveMonkeys reader is put here explicitly: service-loader discovery depends on the
 * class loader of whichever thread first touches ImageIO, which in a Spring Boot jar may not see it.
 */
public final class CoverImages {

    /** JPEG output quality: indistinguishable from the original at cover sizes, a third of its bytes. */
    private static final float JPEG_QUALITY = 0.85f;

    static {
        ImageIO.setUseCache(false); // decode in memory, never into temp files
        IIORegistry.getDefaultInstance().registerServiceProvider(
                new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi());
    }

    private CoverImages() {
    }

    /**
     * The format and size from the header, checked against {@code limits}; no pixel is decoded.
     *
     * @throws BadImageException not a JPEG or PNG, over a limit, or a header that cannot be read
     */
    public static ImageInfo inspect(byte[] bytes, ImageLimits limits) {
        if (bytes.length == 0) {
            throw new BadImageException("the image is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new BadImageException("the image has " + bytes.length + " bytes, over the limit of " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.detect(bytes)
                .orElseThrow(() -> new BadImageException("not a JPEG or PNG image (by its first bytes)"));
        return withReader(bytes, format, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new BadImageException("the header says " + width + "x" + height);
            }
            if (width > limits.maxSide() || height > limits.maxSide() || (long) width * height > limits.maxPixels()) {
                throw new BadImageException("the image is " + width + "x" + height + " pixels, over the limit of "
                        + limits.maxSide() + " a side and " + limits.maxPixels() + " in all");
            }
            return new ImageInfo(format, width, height);
        });
    }

    /**
     * Decodes the image at a size whose longest side lies between {@code box} and twice {@code box}
     * (or its own size, if smaller): the subsampling happens inside the decoder, so a large picture
     * never exists at full size in memory.
     *
     * @throws BadImageException as {@link #inspect}, or when the pixels cannot be decoded (truncated, corrupt)
     */
    public static BufferedImage decode(byte[] bytes, int box, ImageLimits limits) {
        ImageInfo info = inspect(bytes, limits);
        int longest = Math.max(info.width(), info.height());
        int step = Math.max(1, (longest + 2 * box - 1) / (2 * box));
        return withReader(bytes, info.format(), reader -> {
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new BadImageException("the image decodes to nothing");
            }
            return image;
        });
    }

    /**
     * The image fitted into a {@code size} x {@code size} box (aspect kept), as JPEG (PNG when it has
     * transparency); null when it already fits, so the caller serves the original bytes.
     *
     * @throws BadImageException as {@link #decode}
     */
    public static ScaledImage scale(byte[] bytes, int size, ImageLimits limits) {
        ImageInfo info = inspect(bytes, limits);
        if (info.width() <= size && info.height() <= size) {
            return null;
        }
        BufferedImage decoded = decode(bytes, size, limits);
        double ratio = Math.min((double) size / decoded.getWidth(), (double) size / decoded.getHeight());
        int width = Math.max(1, (int) Math.round(decoded.getWidth() * ratio));
        int height = Math.max(1, (int) Math.round(decoded.getHeight() * ratio));
        boolean alpha = decoded.getColorModel().hasAlpha();
        BufferedImage scaled = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            // The decoded image is at most twice the box, so one bicubic step keeps detail without aliasing.
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(decoded, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return alpha ? new ScaledImage(encode(scaled, "png", null), ImageFormat.PNG.mimeType())
                : new ScaledImage(encode(scaled, "jpeg", JPEG_QUALITY), ImageFormat.JPEG.mimeType());
    }

    private static byte[] encode(BufferedImage image, String format, Float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a " + format + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(byte[] bytes, ImageFormat format, ReaderWork<T> work) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            // A JPEG cut short decodes "successfully" to grey rows, with a warning: refuse it instead.
            java.util.List<String> truncation = new java.util.ArrayList<>(1);
            reader.addIIOReadWarningListener((source, warning) -> {
                String text = warning == null ? "" : warning.toLowerCase(java.util.Locale.ROOT);
                if (text.contains("premature end") || text.contains("truncated")) {
                    truncation.add(warning);
                }
            });
            T result = work.apply(reader);
            if (!truncation.isEmpty()) {
                throw new BadImageException("truncated " + format + " image: " + truncation.get(0));
            }
            return result;
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders throw all sorts on hostile input (IIOException, IndexOutOfBounds, IllegalArgument...).
            throw new BadImageException("unreadable " + format + " image: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
