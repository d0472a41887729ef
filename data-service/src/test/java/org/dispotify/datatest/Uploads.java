package org.dispotify.datatest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Multipart uploads to {@code POST /data/songs}. */
public final class Uploads {

    private Uploads() {
    }

    /** Sends the file's SHA-256 with it, as the command line and the player do. */
    public static WebTestClient.ResponseSpec upload(WebTestClient client, byte[] bytes, String filename,
                                                    Map<String, String> fields) {
        Map<String, String> declared = new java.util.LinkedHashMap<>(fields);
        declared.putIfAbsent("sha256", sha256(bytes));
        return uploadAsIs(client, bytes, filename, declared);
    }

    /** Sends exactly these fields (no SHA-256 unless one is among them). */
    public static WebTestClient.ResponseSpec uploadAsIs(WebTestClient client, byte[] bytes, String filename,
                                                        Map<String, String> fields) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", bytes).filename(filename).contentType(MediaType.APPLICATION_OCTET_STREAM);
        fields.forEach(form::part);
        return client.post().uri("/data/songs")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    public static WebTestClient.ResponseSpec upload(WebTestClient client, byte[] bytes, String filename) {
        return upload(client, bytes, filename, Map.of());
    }

    public static SongView stored(WebTestClient client, byte[] bytes, String filename) {
        return upload(client, bytes, filename).expectStatus().isCreated()
                .expectBody(SongView.class).returnResult().getResponseBody();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
