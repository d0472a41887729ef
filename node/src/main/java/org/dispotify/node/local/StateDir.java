package org.dispotify.node.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The layout of a local cluster's state directory ({@code --dir}, default {@code .dispotify}). */
public record StateDir(Path root) {

    public StateDir {
        root = root.toAbsolutePath().normalize();
    }

    public Path clusterFile() {
        return root.resolve("cluster.json");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path processDir(String name) {
        return root.resolve(name);
    }

    public Path clusterSecret() {
        return root.resolve("cluster-secret");
    }

    public Path uploadToken() {
        return root.resolve("upload-token");
    }

    /** Reads a secret file, creating it with 32 random bytes (hex, owner-only) the first time. */
    public String secret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }
}
