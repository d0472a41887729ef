package org.dispotify.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Multipart upload bodies a hostile or broken client might send: a valid form ({@code file} plus a
 * {@code title}) mutated one way or another. Each value pairs the request's Content-Type with its body.
 * Shared by the data and router hostile-input tests, which send the same forms to their upload endpoints.
 */
public record HostileForms(String contentType, byte[] body, String mutation) {

    public static final String BOUNDARY = "fuzz-boundary-7d3a";

    public enum Mutation {
        TRUNCATED, NO_CLOSING_BOUNDARY, WRONG_BOUNDARY, NO_BOUNDARY_PARAMETER, NO_FILE_PART, FILE_WITHOUT_FILENAME,
        HUGE_PART_HEADER, MANY_PARTS, HUGE_FIELD, NOT_MULTIPART, GARBAGE_BODY, BYTE_FLIPS, NESTED_MULTIPART, EMPTY_BODY, NAMELESS_PART,
        BAD_PART_TYPE, BAD_DISPOSITION
    }

    public static HostileForms of(Mutation mutation, byte[] audio, long seed) {
        Random random = new Random(seed);
        String multipart = "multipart/form-data; boundary=" + BOUNDARY;
        return switch (mutation) {
            case TRUNCATED -> {
                byte[] form = form(audio, true);
                yield new HostileForms(multipart, Arrays.copyOf(form, random.nextInt(form.length)), mutation.name());
            }
            case NO_CLOSING_BOUNDARY -> new HostileForms(multipart, form(audio, false), mutation.name());
            case WRONG_BOUNDARY -> new HostileForms("multipart/form-data; boundary=another-boundary", form(audio, true), mutation.name());
            case NO_BOUNDARY_PARAMETER -> new HostileForms("multipart/form-data", form(audio, true), mutation.name());
            case NO_FILE_PART -> new HostileForms(multipart, concat(field("title", "No file"), closing()), mutation.name());
            // A part Content-Type that is no media type: Spring's parser throws while the body streams.
            case BAD_PART_TYPE -> new HostileForms(multipart, concat(
                    part("Content-Disposition: form-data; name=\"file\"; filename=\"fuzz.wav\"\r\nContent-Type: application/oct\u00e9t-stream", audio),
                    closing()), mutation.name());
            // A Content-Disposition parameter without '=': Spring's parser throws while the body streams.
            case BAD_DISPOSITION -> new HostileForms(multipart, concat(
                    part("Content-Disposition: form-data; name=\"file\"; filename=\"fuzz.wav\"; junk\r\nContent-Type: application/octet-stream", audio),
                    closing()), mutation.name());
            case FILE_WITHOUT_FILENAME -> new HostileForms(multipart, concat(
                    part("Content-Disposition: form-data; name=\"file\"\r\nContent-Type: application/octet-stream", audio),
                    closing()), mutation.name());
            case HUGE_PART_HEADER -> new HostileForms(multipart, concat(
                    part("Content-Disposition: form-data; name=\"file\"; filename=\"" + "h".repeat(20_000 + random.nextInt(200_000))
                            + ".wav\"\r\nContent-Type: application/octet-stream", audio), closing()), mutation.name());
            case MANY_PARTS -> {
                ByteArrayOutputStream parts = new ByteArrayOutputStream();
                int count = 200 + random.nextInt(2_000);
                for (int i = 0; i < count; i++) {
                    parts.writeBytes(field("f" + i, "x"));
                }
                parts.writeBytes(closing());
                yield new HostileForms(multipart, parts.toByteArray(), mutation.name());
            }
            case HUGE_FIELD -> new HostileForms(multipart, concat(field("title", "t".repeat(100_000 + random.nextInt(400_000))),
                    filePart(audio), closing()), mutation.name());
            case NOT_MULTIPART -> new HostileForms(pick(random, "application/json", "text/plain", "audio/wav",
                    "application/x-www-form-urlencoded", "multipart/mixed; boundary=" + BOUNDARY, "image/png"),
                    form(audio, true), mutation.name());
            case GARBAGE_BODY -> {
                byte[] garbage = new byte[random.nextInt(20_000)];
                random.nextBytes(garbage);
                yield new HostileForms(multipart, garbage, mutation.name());
            }
            case BYTE_FLIPS -> {
                byte[] form = form(audio, true);
                int headerEnd = Math.min(form.length, 300);
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    form[random.nextInt(headerEnd)] = (byte) random.nextInt(256);
                }
                yield new HostileForms(multipart, form, mutation.name());
            }
            case NESTED_MULTIPART -> new HostileForms(multipart, concat(part("Content-Disposition: form-data; name=\"file\"; "
                    + "filename=\"x.wav\"\r\nContent-Type: multipart/mixed; boundary=inner", concat(
                    "--inner\r\n\r\n".getBytes(StandardCharsets.US_ASCII), audio)), closing()), mutation.name());
            case EMPTY_BODY -> new HostileForms(multipart, new byte[0], mutation.name());
            case NAMELESS_PART -> new HostileForms(multipart, concat(part("Content-Disposition: form-data", audio),
                    part("Content-Disposition: form-data; filename=\"nameless.wav\"", audio), filePart(audio), closing()),
                    mutation.name());
        };
    }

    private static byte[] form(byte[] audio, boolean closed) {
        byte[] parts = concat(field("title", "Fuzzed"), filePart(audio));
        return closed ? concat(parts, closing()) : parts;
    }

    private static byte[] filePart(byte[] audio) {
        return part("Content-Disposition: form-data; name=\"file\"; filename=\"fuzz.wav\"\r\n"
                + "Content-Type: application/octet-stream", audio);
    }

    private static byte[] field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] part(String headers, byte[] content) {
        return concat(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), content,
                "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] closing() {
        return ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }
}
