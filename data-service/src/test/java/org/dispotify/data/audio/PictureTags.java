package org.dispotify.data.audio;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tag blocks with pictures and library fields, put in front of or into real audio: an ID3v2 tag (v2.2,
 * v2.3 or v2.4) to prepend to an MP3, a FLAC PICTURE block, a Vorbis METADATA_BLOCK_PICTURE entry.
 */
public final class PictureTags {

    private PictureTags() {
    }

    /** A picture frame's payload for ID3 {@code major} (APIC, or PIC in v2.2), description in UTF-16 when asked. */
    public static byte[] id3Picture(int major, int type, String mime, String description, boolean utf16, byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf16 ? 1 : 0);
        if (major == 2) {
            out.writeBytes(mime.endsWith("png") ? "PNG".getBytes(StandardCharsets.ISO_8859_1)
                    : "JPG".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeBytes(mime.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        out.write(type);
        if (utf16) {
            out.writeBytes(description.getBytes(StandardCharsets.UTF_16));
            out.write(0);
            out.write(0);
        } else {
            out.writeBytes(description.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        out.writeBytes(image);
        return out.toByteArray();
    }

    /**
     * A whole ID3v2 tag: text frames (UTF-8 in v2.4, Latin-1 before) then binary frames, in order.
     * Keys are four-character ids (three in v2.2).
     */
    public static byte[] id3(int major, Map<String, String> texts, List<Map.Entry<String, byte[]>> binary) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        texts.forEach((id, text) -> {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.write(major == 4 ? 3 : 0);
            payload.writeBytes(text.getBytes(major == 4 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            frame(frames, major, id, payload.toByteArray());
        });
        binary.forEach(entry -> frame(frames, major, entry.getKey(), entry.getValue()));
        byte[] body = frames.toByteArray();
        ByteArrayOutputStream tag = new ByteArrayOutputStream();
        tag.writeBytes(new byte[] {'I', 'D', '3', (byte) major, 0, 0});
        tag.writeBytes(syncsafe(body.length));
        tag.writeBytes(body);
        return tag.toByteArray();
    }

    public static Map<String, String> texts(String... idThenValue) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < idThenValue.length; i += 2) {
            texts.put(idThenValue[i], idThenValue[i + 1]);
        }
        return texts;
    }

    private static void frame(ByteArrayOutputStream out, int major, String id, byte[] payload) {
        out.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        if (major == 2) {
            out.write(payload.length >>> 16);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.writeBytes(major == 4 ? syncsafe(payload.length) : be32(payload.length));
            out.write(0);
            out.write(0);
        }
        out.writeBytes(payload);
    }

    /** A FLAC PICTURE block's body (also a METADATA_BLOCK_PICTURE's value before base64). */
    public static byte[] flacPicture(int type, String mime, byte[] image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(type);
            out.writeInt(mime.length());
            out.writeBytes(mime);
            byte[] description = "cover".getBytes(StandardCharsets.UTF_8);
            out.writeInt(description.length);
            out.write(description);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(24);
            out.writeInt(0);
            out.writeInt(image.length);
            out.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String vorbisPicture(int type, String mime, byte[] image) {
        return "METADATA_BLOCK_PICTURE=" + Base64.getEncoder().encodeToString(flacPicture(type, mime, image));
    }

    /** {@code flac} with extra metadata blocks (type, body) inserted right after STREAMINFO. */
    public static byte[] withFlacBlocks(byte[] flac, List<Map.Entry<Integer, byte[]>> blocks) {
        if (flac[0] != 'f' || flac[1] != 'L' || flac[2] != 'a' || flac[3] != 'C' || (flac[4] & 0x7F) != 0) {
            throw new IllegalArgumentException("not a FLAC starting with STREAMINFO");
        }
        boolean streamInfoLast = (flac[4] & 0x80) != 0;
        int afterStreamInfo = 4 + 4 + 34;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = Arrays.copyOf(flac, afterStreamInfo);
        head[4] &= 0x7F;
        out.writeBytes(head);
        for (int i = 0; i < blocks.size(); i++) {
            boolean last = streamInfoLast && i == blocks.size() - 1;
            byte[] body = blocks.get(i).getValue();
            out.write((last ? 0x80 : 0) | blocks.get(i).getKey());
            out.write(body.length >>> 16);
            out.write(body.length >>> 8);
            out.write(body.length);
            out.writeBytes(body);
        }
        out.write(flac, afterStreamInfo, flac.length - afterStreamInfo);
        return out.toByteArray();
    }

    private static byte[] syncsafe(int n) {
        return new byte[] {(byte) ((n >>> 21) & 0x7F), (byte) ((n >>> 14) & 0x7F), (byte) ((n >>> 7) & 0x7F), (byte) (n & 0x7F)};
    }

    private static byte[] be32(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
