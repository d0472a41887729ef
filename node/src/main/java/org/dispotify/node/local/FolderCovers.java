package org.dispotify.node.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder's cover image, sent with each of its songs ({@code cover} part): the data node uses it for the
 * songs that embed no picture of their own. The first of cover.jpg, folder.jpg, cover.png (any case) in
 * the song's own folder that is a JPEG or PNG (by its first bytes) of at most 8 MiB; the data node checks
 * the rest (dimensions, whether it decodes). One look per folder.
 */
public final class FolderCovers {

    static final List<String> NAMES = List.of("cover.jpg", "folder.jpg", "cover.png");
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final Map<Path, Optional<Path>> byFolder = new HashMap<>();
    private final PrintStream out;

    public FolderCovers(PrintStream out) {
        this.out = out;
    }

    /** The cover for {@code song}, from its folder, if there is a usable one. */
    public synchronized Optional<Path> forSong(Path song) {
        Path folder = song.toAbsolutePath().getParent();
        return folder == null ? Optional.empty() : byFolder.computeIfAbsent(folder, this::find);
    }

    private Optional<Path> find(Path folder) {
        Map<String, Path> present = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(Files::isRegularFile)
                    .forEach(file -> present.putIfAbsent(file.getFileName().toString().toLowerCase(Locale.ROOT), file));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            Path candidate = present.get(name);
            if (candidate != null && usable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean usable(Path image) {
        try {
            if (Files.size(image) > MAX_BYTES) {
                out.printf("! %s is over 8 MiB: not sent as the folder's cover%n", image);
                return false;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(image)) {
                head = in.readNBytes(8);
            }
            boolean jpeg = head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF;
            boolean png = head.length == 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
            if (!jpeg && !png) {
                out.printf("! %s is not a JPEG or PNG: not sent as the folder's cover%n", image);
            }
            return jpeg || png;
        } catch (IOException e) {
            return false;
        }
    }
}
