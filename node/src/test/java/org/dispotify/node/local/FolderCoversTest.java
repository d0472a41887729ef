package org.dispotify.node.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dispotify upload DIR` sends a folder's cover image with its songs. */
class FolderCoversTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 9};

    @TempDir
    Path dir;

    @Test
    void theFirstUsableOfCoverJpgFolderJpgCoverPngIsTheFoldersCover() throws IOException {
        Path album = Files.createDirectories(dir.resolve("album"));
        Files.write(album.resolve("Cover.JPG"), "not an image".getBytes());
        Files.write(album.resolve("folder.jpg"), JPEG);
        Files.write(album.resolve("cover.png"), PNG);
        Path plain = Files.createDirectories(dir.resolve("plain"));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        FolderCovers covers = new FolderCovers(new PrintStream(said, true, StandardCharsets.UTF_8));

        assertThat(covers.forSong(album.resolve("01.mp3"))).contains(album.resolve("folder.jpg"));
        assertThat(covers.forSong(plain.resolve("01.mp3"))).isEmpty();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("Cover.JPG is not a JPEG or PNG");
    }

    @Test
    void theCoverTravelsAsItsOwnPartBesideTheFile() throws Exception {
        Path song = Files.write(dir.resolve("song.mp3"), "audio bytes".getBytes());
        Path cover = Files.write(dir.resolve("cover.jpg"), JPEG);
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/songs", exchange -> {
            body.set(exchange.getRequestBody().readAllBytes());
            byte[] answer = "{\"id\":\"x\"}".getBytes();
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/songs");
            MultipartUpload.Result result = new MultipartUpload(java.time.Duration.ofSeconds(10))
                    .send(target, song, Map.of("title", "T"), Optional.of(cover), Optional.empty(), sent -> { });

            assertThat(result.status()).isEqualTo(201);
            String text = new String(body.get(), StandardCharsets.ISO_8859_1);
            assertThat(text).contains("name=\"title\"", "name=\"cover\"; filename=\"cover.jpg\"",
                    new String(JPEG, StandardCharsets.ISO_8859_1), "name=\"file\"; filename=\"song.mp3\"", "audio bytes");
            assertThat(text.indexOf("name=\"cover\"")).isLessThan(text.indexOf("name=\"file\""));
        } finally {
            server.stop(0);
        }
    }
}
