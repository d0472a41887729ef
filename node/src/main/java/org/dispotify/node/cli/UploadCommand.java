package org.dispotify.node.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.dispotify.node.local.SongUploader;
import org.dispotify.node.local.StateDir;
import org.dispotify.node.local.UploadTargets;
import org.dispotify.ring.naming.NameServiceClient;
import org.springframework.web.reactive.function.client.WebClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dispotify upload}: sends songs to the cluster through a router. */
@Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload songs (files or folders) through a router.")
public final class UploadCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Songs, or folders of songs.")
    List<Path> paths;

    @Option(names = "--router", defaultValue = "${env:DISPOTIFY_ROUTER}",
            description = "A router's URL, e.g. http://127.0.0.1:8083 (default: any router the name service knows).")
    String router;

    @Option(names = "--name-servers", defaultValue = "${env:DISPOTIFY_NAME_SERVERS:-127.0.0.1:8500}",
            description = "Name servers to find routers with (default: ${DEFAULT-VALUE}).")
    String nameServers;

    @Option(names = "--token", defaultValue = "${env:DISPOTIFY_UPLOAD_TOKEN}",
            description = "Upload token (default: the one in --dir, if any).")
    String token;

    @Option(names = "--tries", defaultValue = "" + SongUploader.DEFAULT_TRIES,
            description = "Times each file is sent at most while the cluster answers busy or cannot be reached, "
                    + "with a growing pause between (default: ${DEFAULT-VALUE}; 1: no retry).")
    int tries;

    @Option(names = "--parallel", defaultValue = "1",
            description = "Files sent at a time (default: ${DEFAULT-VALUE}, with a progress bar; more: a line per file as it ends).")
    int parallel;

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--title", description = "Title (overrides the file's tags).")
    String title;

    @Option(names = "--artist", description = "Artist (overrides the file's tags).")
    String artist;

    @Option(names = "--album", description = "Album (overrides the file's tags).")
    String album;

    @Option(names = "--genre", description = "Genre (overrides the file's tags).")
    String genre;

    @Override
    public Integer call() {
        List<Path> files;
        try {
            files = SongUploader.expand(paths);
        } catch (IOException e) {
            throw new CliException(e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CliException("no audio files in " + paths);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("title", title);
        tags.put("artist", artist);
        tags.put("album", album);
        tags.put("genre", genre);
        if (tries < 1) {
            throw new CliException("--tries must be at least 1, was " + tries);
        }
        if (parallel < 1 || parallel > 16) {
            throw new CliException("--parallel must be between 1 and 16, was " + parallel);
        }
        SongUploader uploader = new SongUploader(targets(), uploadToken(), System.out, System.console() != null, tries);
        int failed = uploader.uploadAll(files, tags, parallel);
        System.out.printf("%d uploaded, %d failed%n", files.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }

    private Supplier<List<URI>> targets() {
        if (router != null && !router.isBlank()) {
            URI base = URI.create(router.replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new CliException("--router must be a URL like http://127.0.0.1:8083, was '" + router + "'");
            }
            return () -> List.of(URI.create(base + "/api/songs"));
        }
        NameServiceClient names = new NameServiceClient(WebClient.builder(), NodeCommand.parseNameServers(nameServers),
                Duration.ofSeconds(2));
        return new UploadTargets(names);
    }

    private Optional<String> uploadToken() {
        if (token != null && !token.isBlank()) {
            return Optional.of(token.trim());
        }
        Path file = new StateDir(dir).uploadToken();
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
