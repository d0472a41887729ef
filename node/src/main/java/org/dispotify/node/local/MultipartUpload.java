package org.dispotify.node.local;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Uploads one file as {@code multipart/form-data} ({@code file} plus optional tag fields), streaming
 * it from disk with a known length and reporting bytes sent, so a large file is never held in memory.
 */
public final class MultipartUpload {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Duration timeout;

    public MultipartUpload(Duration timeout) {
        this.timeout = timeout;
    }

    /** The answer: status, body (song JSON or problem+json) and the Retry-After the server asked for, if any. */
    public record Result(int status, String body, Optional<Duration> retryAfter) {

        public Result(int status, String body) {
            this(status, body, Optional.empty());
        }

        public boolean ok() {
            return status == 200 || status == 201;
        }
    }

    public Result send(URI target, Path file, Map<String, String> fields, Optional<String> bearerToken,
            LongConsumer progress) throws IOException, InterruptedException {
        return send(target, file, fields, Optional.empty(), bearerToken, progress);
    }

    /** As {@link #send(URI, Path, Map, Optional, LongConsumer)}, with a {@code cover} part when {@code cover} is present. */
    public Result send(URI target, Path file, Map<String, String> fields, Optional<Path> cover,
            Optional<String> bearerToken, LongConsumer progress) throws IOException, InterruptedException {
        String boundary = "dispotify-" + UUID.randomUUID();
        Map<String, String> present = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                present.put(name, value);
            }
        });
        StringBuilder head = new StringBuilder();
        present.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append(value).append("\r\n"));
        byte[] coverBytes = cover.isPresent() ? Files.readAllBytes(cover.get()) : null;
        if (coverBytes != null) {
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"cover\"; filename=\"")
                    .append(cover.get().getFileName().toString().replace("\"", "_")).append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n");
        }
        byte[] fieldBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        head.setLength(0);
        if (coverBytes != null) {
            head.append("\r\n");
        }
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(file.getFileName().toString().replace("\"", "_")).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        byte[] headBytes = concat(fieldBytes, coverBytes, head.toString().getBytes(StandardCharsets.UTF_8));
        byte[] tailBytes = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long fileSize = Files.size(file);

        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(headBytes),
                HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), fileSize),
                HttpRequest.BodyPublishers.ofByteArray(tailBytes));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json, application/problem+json")
                .POST(body);
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Result(response.statusCode(), response.body(), response.headers().firstValue("Retry-After")
                .flatMap(MultipartUpload::seconds));
    }

    private static byte[] concat(byte[] fields, byte[] cover, byte[] fileHead) {
        int coverLength = cover == null ? 0 : cover.length;
        byte[] all = new byte[fields.length + coverLength + fileHead.length];
        System.arraycopy(fields, 0, all, 0, fields.length);
        if (cover != null) {
            System.arraycopy(cover, 0, all, fields.length, coverLength);
        }
        System.arraycopy(fileHead, 0, all, fields.length + coverLength, fileHead.length);
        return all;
    }

    private static InputStream counting(Path file, LongConsumer progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long sent;

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read > 0) {
                        sent += read;
                        progress.accept(sent);
                    }
                    return read;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip()))));
        } catch (NumberFormatException dateOrJunk) {
            return Optional.empty();
        }
    }
}
