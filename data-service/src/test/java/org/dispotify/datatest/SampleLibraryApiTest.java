package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The demo library (samples/), one file per format, through the whole API. */
class SampleLibraryApiTest extends DataApiTestBase {

    private static final Path SAMPLES = Path.of("..", "samples");

    @ParameterizedTest
    @CsvSource({
            "first-light/01-morning-pluck.mp3, mp3, audio/mpeg, Morning Pluck, The Sine Waves, First Light, true",
            "night-drives/03-slow-tide.mp3, mp3, audio/mpeg, Slow Tide, Oscillator Club, Night Drives, false",
            "glass-works/05-glass-garden.flac, flac, audio/flac, Glass Garden, Lowpass Quartet, Glass Works, true",
            "demo-sessions/07-paper-moon.ogg, ogg, audio/ogg, Paper Moon, Vorbis Street Band, Dispotify Demo Sessions, true",
            "demo-sessions/09-drift.opus, opus, audio/ogg; codecs=opus, Drift, Opus Ensemble, Dispotify Demo Sessions, true",
            "demo-sessions/10-low-sun.wav, wav, audio/wav, Low Sun, Wave Collective, Dispotify Demo Sessions, false"})
    void everyFormatIsStoredWithItsTagsAndStreamsBackByteForByte(String file, String format, String mimeType,
                                                                 String title, String artist, String album,
                                                                 boolean embedsCover) throws IOException {
        byte[] bytes = Files.readAllBytes(SAMPLES.resolve(file));
        // The name says nothing: detection goes by the bytes.
        SongView song = Uploads.upload(client, bytes, "renamed.bin", Map.of()).expectStatus().value(status ->
                        assertThat(status).isIn(HttpStatus.CREATED.value(), HttpStatus.OK.value()))
                .expectBody(SongView.class).returnResult().getResponseBody();

        assertThat(song.id()).isEqualTo(Uploads.sha256(bytes));
        assertThat(song.format()).isEqualTo(format);
        assertThat(song.mimeType()).isEqualTo(mimeType);
        assertThat(song.title()).isEqualTo(title);
        assertThat(song.artist()).isEqualTo(artist);
        assertThat(song.album()).isEqualTo(album);
        client.get().uri("/data/songs/{id}/cover", song.id()).exchange()
                .expectStatus().isEqualTo(embedsCover ? HttpStatus.OK : HttpStatus.NOT_FOUND);
        assertThat(song.year()).isNotNull();
        assertThat(song.track()).isNotNull();
        assertThat(song.durationMs()).isPositive();
        assertThat(song.chunkCount()).isGreaterThanOrEqualTo(2);

        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int i = 0; i < song.chunkCount(); i++) {
            chunks.writeBytes(client.get().uri("/data/songs/{id}/chunks/{i}", song.id(), i).exchange()
                    .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody());
        }
        assertThat(chunks.toByteArray()).isEqualTo(bytes);
        client.get().uri("/data/songs/{id}/audio", song.id()).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.parseMediaType(mimeType))
                .expectBody(byte[].class).isEqualTo(bytes);
        byte[] tail = client.get().uri("/data/songs/{id}/audio", song.id()).header(HttpHeaders.RANGE, "bytes=-1000")
                .exchange().expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 1000, bytes.length));
        client.get().uri("/data/songs/{id}/complete", song.id()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.complete").isEqualTo(true);
    }

    @ParameterizedTest
    @CsvSource({"glass-works/05-glass-garden.flac", "demo-sessions/07-paper-moon.ogg", "demo-sessions/09-drift.opus",
            "demo-sessions/10-low-sun.wav"})
    void aTruncatedFileIs422AndNothingIsStored(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(SAMPLES.resolve(file));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2 + 3);
        long before = songCount();

        Uploads.upload(client, truncated, Path.of(file).getFileName().toString()).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(songCount()).isEqualTo(before);
        assertHealthy();
    }
}
