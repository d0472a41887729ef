package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dispotify.datatest.TestCovers;
import org.dispotify.testsupport.audio.Synth;
import org.dispotify.testsupport.audio.SyntheticOgg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pictures and library tags read from each place a file can carry them. */
class EmbeddedPictureTest {

    private static final byte[] FRONT = TestCovers.jpeg(300, 10);
    private static final byte[] BACK = TestCovers.png(200, 200);

    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void id3v2FrontCoverWinsOverAnEarlierPictureAndAlbumArtistDiscAreRead(int major) throws IOException {
        byte[] tag = PictureTags.id3(major,
                PictureTags.texts("TIT2", "Song", "TPE1", "Guest", "TALB", "Hits", "TPE2", "Compiler", "TPOS", "2/3"),
                List.of(Map.entry("APIC", PictureTags.id3Picture(major, 4, "image/png", "back", false, BACK)),
                        Map.entry("APIC", PictureTags.id3Picture(major, 3, "image/jpeg", "front ✓", true, FRONT))));

        AnalyzedAudio audio = analyze(concat(tag, fixture("id3v1-only.mp3")));

        assertThat(audio.picture().type()).isEqualTo(EmbeddedPicture.FRONT_COVER);
        assertThat(audio.picture().bytes()).isEqualTo(FRONT);
        assertThat(audio.tags().albumArtist()).isEqualTo("Compiler");
        assertThat(audio.tags().disc()).isEqualTo(2);
        assertThat(audio.tags().artist()).isEqualTo("Guest");
    }

    @Test
    void id3v22PicFrameIsRead() throws IOException {
        byte[] tag = PictureTags.id3(2, PictureTags.texts("TT2", "Old", "TP2", "Old Band", "TPA", "1"),
                List.of(Map.entry("PIC", PictureTags.id3Picture(2, 0, "image/png", "", false, BACK))));

        AnalyzedAudio audio = analyze(concat(tag, fixture("id3v1-only.mp3")));

        assertThat(audio.picture().bytes()).isEqualTo(BACK);
        assertThat(audio.picture().mimeType()).isEqualTo("image/png");
        assertThat(audio.tags().albumArtist()).isEqualTo("Old Band");
        assertThat(audio.tags().disc()).isEqualTo(1);
    }

    @Test
    void aCompilationFlagWithoutAlbumArtistMeansVariousArtists() throws IOException {
        byte[] tag = PictureTags.id3(3, PictureTags.texts("TIT2", "Song", "TCMP", "1"), List.of());

        assertThat(analyze(concat(tag, fixture("id3v1-only.mp3"))).tags().albumArtist()).isEqualTo("Various Artists");
    }

    @Test
    void flacPictureBlockIsRead() throws IOException {
        byte[] flac = PictureTags.withFlacBlocks(fixture("tone.flac"),
                List.of(Map.entry(6, PictureTags.flacPicture(3, "image/jpeg", FRONT))));

        AnalyzedAudio audio = analyze(flac);

        assertThat(audio.picture().bytes()).isEqualTo(FRONT);
        assertThat(audio.format()).isEqualTo(AudioFormat.FLAC);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void vorbisAndOpusMetadataBlockPicturesAreReadSmallAndLarge(boolean opus) throws IOException {
        // The JPEG is a small entry (read as text); the noisy PNG is far over the 64 KB text limit and is
        // decoded as it streams.
        byte[] large = TestCovers.noisyPng(300, 3);
        assertThat(large.length).isGreaterThan(64 * 1024);
        Synth small = SyntheticOgg.write(new SyntheticOgg.Spec(opus, 44100, 312, 3.0, false, 300, 255), 5,
                List.of(PictureTags.vorbisPicture(3, "image/jpeg", FRONT), "ALBUMARTIST=Ogg Band", "DISCNUMBER=4/4"));
        Synth big = SyntheticOgg.write(new SyntheticOgg.Spec(opus, 44100, 312, 3.0, false, 300, 255), 6,
                List.of(PictureTags.vorbisPicture(0, "image/png", large)));

        AnalyzedAudio first = analyzer.analyze(small.file());
        AnalyzedAudio second = analyzer.analyze(big.file());

        assertThat(first.picture().bytes()).isEqualTo(FRONT);
        assertThat(first.tags().albumArtist()).isEqualTo("Ogg Band");
        assertThat(first.tags().disc()).isEqualTo(4);
        assertThat(second.picture().bytes()).isEqualTo(large);
        assertThat(second.tags().title()).isEqualTo("Ogg synth 🎶");
        Files.delete(small.file());
        Files.delete(big.file());
    }

    @Test
    void malformedPictureFramesAreSkippedAndTheSongStillAnalyzes() throws IOException {
        byte[] notBase64 = "METADATA_BLOCK_PICTURE=***not base64***".getBytes();
        Synth ogg = SyntheticOgg.write(new SyntheticOgg.Spec(false, 44100, 0, 2.0, false, 300, 255), 8,
                List.of(new String(notBase64), "METADATA_BLOCK_PICTURE=" + "A".repeat(100_000)));
        byte[] badApic = {3, 'i', 'm', 'a', 'g', 'e'}; // no terminator, no type, no data
        byte[] tag = PictureTags.id3(3, PictureTags.texts("TIT2", "Still here"), List.of(Map.entry("APIC", badApic)));

        assertThat(analyzer.analyze(ogg.file()).picture()).isNull();
        AnalyzedAudio mp3 = analyze(concat(tag, fixture("id3v1-only.mp3")));
        assertThat(mp3.picture()).isNull();
        assertThat(mp3.tags().title()).isEqualTo("Still here");
        Files.delete(ogg.file());
    }

    @Test
    void aFileWithoutPicturesHasNone() throws IOException {
        for (String name : List.of("cbr-id3v24.mp3", "tone.flac", "tone.ogg", "tone.opus", "tone.wav")) {
            assertThat(analyzer.analyze(RealFixturesTest.fixture(name)).picture()).as(name).isNull();
        }
    }

    private AnalyzedAudio analyze(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("picture", ".bin");
        try {
            Files.write(file, bytes);
            return analyzer.analyze(file);
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(RealFixturesTest.fixture(name));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
