package org.dispotify.ring.message;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text frames to and from {@link RingMessage}s. Anything a peer sends is untrusted: frames over
 * the size cap, malformed JSON, unknown types and missing fields all end in a {@link RingCodecException}
 * that the link logs before dropping the frame; nothing a peer sends can throw anything else.
 */
public final class RingCodec {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    private final JsonMapper json;
    private final int maxFrameBytes;

    public RingCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        // Unknown properties are ignored so a newer member can add a field without breaking older ones;
        // trailing tokens are not: a frame is exactly one message.
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public RingCodec() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public String encode(RingMessage message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JacksonException e) {
            throw new RingCodecException("cannot encode " + message.getClass().getSimpleName(), e);
        }
        if (tooLarge(text)) {
            throw new RingCodecException(message.getClass().getSimpleName() + " is larger than "
                    + maxFrameBytes + " bytes", null);
        }
        return text;
    }

    public RingMessage decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new RingCodecException("empty frame", null);
        }
        if (tooLarge(text)) {
            throw new RingCodecException("frame larger than " + maxFrameBytes + " bytes", null);
        }
        try {
            RingMessage message = json.readValue(text, RingMessage.class);
            if (message == null) {
                throw new RingCodecException("null frame", null);
            }
            return message;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RingCodecException("not a ring message: " + firstLine(e.getMessage()), e);
        }
    }

    private boolean tooLarge(String text) {
        // Cheap bounds first: UTF-8 takes 1 to 3 bytes per UTF-16 char.
        if (text.length() > maxFrameBytes) {
            return true;
        }
        if (text.length() * 3L <= maxFrameBytes) {
            return false;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
