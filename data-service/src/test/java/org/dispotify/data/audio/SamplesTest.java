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

/** The demo library in ../samples (made by samples/generate.sh): every track analyzes with full tags. */
class SamplesTest {

    private static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void everyDemoTrackAnalyzesWithFullTagsAndSaneChunks() throws IOException {
        List<Path> tracks;
        try (Stream<Path> files = Files.list(SAMPLES)) {
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
        for (Path p : tracks) {
            total += Files.size(p);
        }
        assertThat(total).as("the demo library stays small").isLessThanOrEqualTo(8L * 1024 * 1024);
    }
}
