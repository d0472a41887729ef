package org.dispotify.router.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A song a fake data node holds: tags, audio bytes, and whether its copy is complete. */
public record FakeSong(String id, String title, String artist, String album, String genre, int year, int track,
                       byte[] audio, String mimeType, boolean complete) {

    /** A tagged song whose id is the SHA-256 of its (made-up) audio bytes, as on real data nodes. */
    public static FakeSong of(String title, String artist, String album, String genre) {
        byte[] audio = (title + "|" + artist + "|" + album + "|" + genre).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new FakeSong(sha256(audio), title, artist, album, genre, 2024, 1, audio, "audio/mpeg", true);
    }

    public static FakeSong audio(String title, String artist, byte[] audio, String mimeType) {
        return new FakeSong(sha256(audio), title, artist, "Tests", "Test", 2024, 1, audio, mimeType, true);
    }

    public FakeSong track(int number) {
        return new FakeSong(id, title, artist, album, genre, year, number, audio, mimeType, complete);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("title", title);
        json.put("artist", artist);
        json.put("album", album);
        json.put("genre", genre);
        json.put("year", year);
        json.put("track", track);
        json.put("durationMs", 5000);
        json.put("format", mimeType.substring(mimeType.indexOf('/') + 1));
        json.put("mimeType", mimeType);
        json.put("bitrate", 128);
        json.put("sizeBytes", audio.length);
        json.put("chunkCount", 1);
        // A field the router does not know: it must be ignored, not break the listing.
        json.put("storedAt", "2024-01-01T00:00:00Z");
        return json;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
