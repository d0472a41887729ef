package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo library in ../samples (made by samples/generate.sh): every track analyzes with full tags, and the
 * pictures are where the script put them (embedded in some files, folder covers for the others).
 */
class SamplesTest {

    private static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void someDemoTracksEmbedACoverOfEachKindAndTheOthersHaveAFolderCover() throws IOException {
        FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();
        for (String embeds : List.of("first-light/01-morning-pluck.mp3", "first-light/02-harbor-lights.mp3",
                "glass-works/05-glass-garden.flac", "demo-sessions/07-paper-moon.ogg", "demo-sessions/09-drift.opus")) {
            EmbeddedPicture picture = analyzer.analyze(SAMPLES.resolve(embeds)).picture();
            assertThat(picture).as(embeds).isNotNull();
            assertThat(picture.type()).as(embeds).isEqualTo(EmbeddedPicture.FRONT_COVER);
            assertThat(org.dispotify.imaging.CoverImages.inspect(picture.bytes(), org.dispotify.imaging.ImageLimits.COVERS)
                    .width()).as(embeds).isGreaterThanOrEqualTo(300);
        }
        for (String bare : List.of("night-drives/03-slow-tide.mp3", "demo-sessions/08-lantern.ogg", "demo-sessions/10-low-sun.wav")) {
            Path file = SAMPLES.resolve(bare);
            assertThat(analyzer.analyze(file).picture()).as(bare).isNull();
            assertThat(file.resolveSibling("cover.jpg")).as(bare).isRegularFile();
        }
        assertThat(analyzer.analyze(SAMPLES.resolve("demo-sessions/07-paper-moon.ogg")).tags().albumArtist())
                .isEqualTo("Various Artists");
    }

    @Test
    void everyDemoTrackAnalyzesWithFullTagsAndSaneChunks() throws IOException {
        List<Path> tracks;
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            tracks = files.filter(p -> p.getFileName().toString().matches(".*\\.(mp3|flac|ogg|opus|wav)")).sorted().toList();
        }
        assertThat(tracks).hasSizeGreaterThanOrEqualTo(10);
        long total = 0;
        FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();
        Set<AudioFormat> formats = tracks.stream().map(p -> {
            try {
                AnalyzedAudio audio = analyzer.analyze(p);
                Tags tags = audio.tags();
                assertThat(List.of(tags.title(), tags.artist(), tags.album(), tags.genre())).as(p.toString())
                    .doesNotContainNull();
                assertThat(tags.year()).as(p.toString()).isBetween(2000, 2030);
                assertThat(tags.track()).as(p.toString()).isBetween(1, 10);
                assertThat(audio.durationMs()).as(p.toString()).isBetween(20_000L, 61_000L);
                ChunkAssertions.assertContiguousCover(audio.chunks(), Files.size(p));
                assertThat(audio.chunks()).allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(11_100L));
                return audio.format();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
        assertThat(formats).containsExactlyInAnyOrder(AudioFormat.values());
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).as("the demo library stays small").isLessThanOrEqualTo(8L * 1024 * 1024);
    }
}
