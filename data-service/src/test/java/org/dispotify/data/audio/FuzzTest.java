package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: the analyzer answers within a bounded time with a result or one of the two declared
 * exceptions, never another exception (a parser bug would surface as a CorruptAudioException with a cause).
 */
class FuzzTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final List<String> FIXTURES = List.of("cbr-id3v24.mp3", "cbr-id3v23-id3v1.mp3", "id3v1-only.mp3",
        "vbr-xing.mp3", "tone.flac", "tone.ogg", "tone.opus", "tone.wav");
    private static final List<byte[]> PREFIXES = List.of(new byte[0], bytes("ID3\u0003\u0000\u0000"),
        bytes("ID3\u0004\u0000\u0000\u0000\u0000\u0001\u0000"), bytes("fLaC"), bytes("fLaC\u0000\u0000\u0000\""),
        bytes("OggS\u0000\u0002"), bytes("RIFF\u0000\u0000\u0000\u0000WAVE"), bytes("RF64\u00ff\u00ff\u00ff\u00ffWAVE"),
        bytes("RIFF\u0000\u0000\u0000\u0000WAVEfmt \u0010\u0000\u0000\u0000"), new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64});

    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();

    @Property(tries = 250)
    void randomBytesAreAnsweredWithADeclaredOutcome(@ForAll @Size(max = 6000) byte[] body,
            @ForAll @IntRange(min = 0, max = 9) int prefix) throws IOException {
        byte[] p = PREFIXES.get(prefix);
        byte[] bytes = Arrays.copyOf(p, p.length + body.length);
        System.arraycopy(body, 0, bytes, p.length, body.length);
        assertDeclaredOutcome(bytes);
    }

    @Property(tries = 300)
    void mutatedRealFilesAreAnsweredWithADeclaredOutcome(@ForAll("fixtureNames") String name,
            @ForAll @IntRange(min = 1, max = 12) int mutations, @ForAll long seed) throws IOException {
        byte[] bytes = Files.readAllBytes(RealFixturesTest.fixture(name));
        Random random = new Random(seed);
        for (int m = 0; m < mutations && bytes.length > 1; m++) {
            bytes = mutate(bytes, random);
        }
        assertDeclaredOutcome(bytes);
    }

    @Provide
    Arbitrary<String> fixtureNames() {
        return Arbitraries.of(FIXTURES);
    }

    private static byte[] mutate(byte[] b, Random random) {
        int at = random.nextInt(b.length);
        switch (random.nextInt(7)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) random.nextInt(256);
            case 2 -> { // a length-like field blown up
                for (int k = at; k < Math.min(b.length, at + 4); k++) {
                    b[k] = (byte) 0xFF;
                }
            }
            case 3 -> {
                return Arrays.copyOf(b, at); // truncate
            }
            case 4 -> { // delete a range
                int len = Math.min(b.length - at, 1 + random.nextInt(500));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            case 5 -> { // duplicate a range
                int len = Math.min(b.length - at, 1 + random.nextInt(500));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
            default -> { // zero a range
                Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(64)), (byte) 0);
            }
        }
        return b;
    }

    private void assertDeclaredOutcome(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".bin");
        try {
            Files.write(file, bytes);
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                try {
                    AnalyzedAudio audio = analyzer.analyze(file);
                    ChunkAssertions.assertContiguousCover(audio.chunks(), bytes.length);
                    assertThat(audio.durationMs()).isNotNegative();
                } catch (UnsupportedAudioException e) {
                    assertThat(e).hasNoCause();
                } catch (CorruptAudioException e) {
                    assertThat(e).as("a parser bug surfaced as %s", e.getCause()).hasNoCause();
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
