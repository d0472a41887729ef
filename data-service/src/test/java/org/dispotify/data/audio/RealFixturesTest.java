package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files made by ffmpeg/LAME (see make-fixtures.sh). Durations are the framing's: MP3 = frames
 * (ffprobe's packet count, the Xing frame excluded) x samples per frame / rate; the others from ffprobe.
 */
class RealFixturesTest {

    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();

    static Path fixture(String name) {
        try {
            return Path.of(RealFixturesTest.class.getResource("/audio/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
            Arguments.of("cbr-id3v24.mp3", AudioFormat.MP3, 116L * 1152 * 1000 / 44100, 32, 1,
                new Tags("Tone ✓ 🎵", "שלום Artist", "Fixtures", "Ambient", 2021, 3)),
            Arguments.of("cbr-id3v23-id3v1.mp3", AudioFormat.MP3, 117L * 576 * 1000 / 22050, 24, 1,
                new Tags("Quote's \"tone\"", "Robert'); DROP TABLE songs;--", "Fixtures", "Jazz", 1999, 7)),
            Arguments.of("id3v1-only.mp3", AudioFormat.MP3, 30L * 576 * 1000 / 8000, 8, 1,
                new Tags("Old Tag", "V1 Artist", "V1 Album", "Rock", 1987, 2)),
            Arguments.of("vbr-xing.mp3", AudioFormat.MP3, 697L * 576 * 1000 / 16000, 8, 3,
                new Tags("VBR Tone", "Lame", "Fixtures", "Electronic", 2024, 1)),
            Arguments.of("tone.flac", AudioFormat.FLAC, 12_000L, 31, 2,
                new Tags("Flac Tone", "Flac Artist", "Flac Album", "Classical", 2020, 4)),
            Arguments.of("tone.ogg", AudioFormat.OGG_VORBIS, 12_000L, 7, 2,
                new Tags("Vorbis Tone", "Vorbis Artist", "Vorbis Album", "Folk", 2019, 5)),
            Arguments.of("tone.opus", AudioFormat.OGG_OPUS, 25_000L, 6, 3,
                new Tags("Opus Tone", "Opus Artist", "Opus Album", "Pop", 2022, 6)),
            Arguments.of("tone.wav", AudioFormat.WAV, 12_000L, 64, 2,
                new Tags("Wave Tone", "Wave Artist", "Wave Album", "Blues", 2018, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsFormatDurationTagsAndChunks(String name, AudioFormat format, long durationMs, int kbps, int chunks, Tags tags)
            throws IOException {
        Path file = fixture(name);
        AnalyzedAudio audio = analyzer.analyze(file);
        assertThat(audio.format()).isEqualTo(format);
        assertThat(audio.durationMs()).isEqualTo(durationMs);
        assertThat(audio.bitrateKbps()).isBetween(kbps - 1, kbps + 1);
        assertThat(audio.tags()).isEqualTo(tags);
        assertThat(audio.chunks()).hasSize(chunks);
        ChunkAssertions.assertContiguousCover(audio.chunks(), Files.size(file));
        for (ChunkSpan c : audio.chunks().subList(0, chunks - 1)) {
            assertThat(c.durationMs()).isBetween(10_000L, 11_100L);
        }
        assertThat(audio.chunks().stream().mapToLong(ChunkSpan::durationMs).sum()).isEqualTo(durationMs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void detectsTheFormatFromTheBytesNotTheName(String name, AudioFormat format) throws IOException {
        Path misnamed = Files.createTempFile("misnamed", ".txt");
        try {
            Files.copy(fixture(name), misnamed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(analyzer.analyze(misnamed).format()).isEqualTo(format);
        } finally {
            Files.deleteIfExists(misnamed);
        }
    }

    @org.junit.jupiter.api.Test
    void theMp3ChunkBoundariesAreFrameStartsAtTheFramesTime() throws IOException {
        // 16 kHz MPEG-2: 576 samples a frame, so a chunk of n frames lasts n * 36 ms
        AnalyzedAudio audio = analyzer.analyze(fixture("vbr-xing.mp3"));
        byte[] bytes = Files.readAllBytes(fixture("vbr-xing.mp3"));
        for (ChunkSpan c : audio.chunks().subList(1, audio.chunks().size())) {
            int at = (int) c.byteOffset();
            assertThat(bytes[at] & 0xFF).isEqualTo(0xFF);
            assertThat(bytes[at + 1] & 0xE0).isEqualTo(0xE0);
            assertThat(c.startMs() % 36).isZero();
        }
        assertThat(audio.chunks().get(1).startMs()).isEqualTo(278L * 36); // the first frame start at >= 10 s
    }
}
