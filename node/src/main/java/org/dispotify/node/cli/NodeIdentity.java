package org.dispotify.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A node's id: given, or generated once and kept in its state directory so that a restarted node
 * comes back as the same member (and keeps its songs' placement).
 */
final class NodeIdentity {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private NodeIdentity() {
    }

    static String resolve(Path dir, String given, int port) {
        if (given != null && !given.isBlank()) {
            return validate(given.trim());
        }
        Path file = dir.resolve("node-id");
        try {
            if (Files.exists(file)) {
                return validate(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            byte[] random = new byte[2];
            new SecureRandom().nextBytes(random);
            String id = "node-" + port + "-" + HexFormat.of().formatHex(random);
            Files.createDirectories(dir);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    static String validate(String id) {
        if (!LABEL.matcher(id).matches()) {
            throw new CliException("node id must be a DNS label (a-z, 0-9, '-', at most 63 characters), was '" + id + "'");
        }
        return id;
    }
}
