package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dispotify.testsupport.audio.SyntheticMp3;
import org.dispotify.testsupport.audio.TestCrc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes that are not audio are unsupported; audio that is cut short or damaged is corrupt. */
class RejectionTest {

    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();
    private Path file;

    @AfterEach
    void cleanUp() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    private void assertUnsupported(byte[] bytes) throws IOException {
        file = Files.createTempFile("reject", ".mp3");
        Files.write(file, bytes);
        assertThatThrownBy(() -> analyzer.analyze(file)).isInstanceOf(UnsupportedAudioException.class);
    }

    private void assertCorrupt(byte[] bytes) throws IOException {
        file = Files.createTempFile("reject", ".mp3");
        Files.write(file, bytes);
        assertThatThrownBy(() -> analyzer.analyze(file)).isInstanceOf(CorruptAudioException.class)
            .hasNoCause();
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(RealFixturesTest.fixture(name));
    }

    @Test
    void anEmptyFileIsUnsupported() throws IOException {
        assertUnsupported(new byte[0]);
    }

    @Test
    void aPngImageIsUnsupported() throws IOException {
        byte[] png = new byte[600];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
            0, png, 0, 16);
        assertUnsupported(png);
    }

    @Test
    void aJpegImageIsUnsupported() throws IOException {
        byte[] jpeg = new byte[2000];
        new Random(1).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[3] = (byte) 0xE0;
        assertUnsupported(jpeg);
    }

    @Test
    void aZipIsUnsupported() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("song.mp3"));
            zip.write(fixture("cbr-id3v24.mp3"));
        }
        assertUnsupported(out.toByteArray());
    }

    @Test
    void randomNoiseIsUnsupported() throws IOException {
        byte[] noise = new byte[256 * 1024];
        new Random(42).nextBytes(noise);
        assertUnsupported(noise);
    }

    @Test
    void textIsUnsupported() throws IOException {
        assertUnsupported("just some text, not a song\n".repeat(100).getBytes());
    }

    @Test
    void anOggStreamOfAnotherCodecIsUnsupported() throws IOException {
        byte[] ogg = fixture("tone.ogg");
        // "\x01vorbis" -> "\x01vorbiz" breaks the identification, so re-checksum the page
        int at = indexOf(ogg, "vorbis".getBytes(), 0);
        ogg[at + 5] = 'z';
        fixOggCrc(ogg, 0);
        assertUnsupported(ogg);
    }

    @Test
    void aWavWithCompressedAudioIsUnsupported() throws IOException {
        byte[] wav = fixture("tone.wav");
        int fmt = indexOf(wav, "fmt ".getBytes(), 0);
        wav[fmt + 8] = 0x55; // MPEG Layer 3 inside RIFF
        assertUnsupported(wav);
    }

    @Test
    void mpegLayerTwoIsUnsupported() throws IOException {
        byte[] mp2 = new byte[417 * 10];
        for (int f = 0; f < 10; f++) {
            int at = f * 417;
            mp2[at] = (byte) 0xFF;
            mp2[at + 1] = (byte) 0xFD; // MPEG-1 Layer II, no CRC
            mp2[at + 2] = (byte) 0x90;
        }
        assertUnsupported(mp2);
    }

    @Test
    void anMp3CutShortIsCorrupt() throws IOException {
        byte[] mp3 = fixture("vbr-xing.mp3");
        assertCorrupt(Arrays.copyOf(mp3, mp3.length / 2)); // the Xing header counts the missing frames
    }

    @Test
    void anMp3CutAtAFrameBoundaryIsCorrupt() throws IOException {
        byte[] mp3 = fixture("cbr-id3v24.mp3");
        int at = 10 + ((mp3[6] << 21) | (mp3[7] << 14) | (mp3[8] << 7) | mp3[9]); // after the ID3v2 tag
        for (int frame = 0; frame < 100; frame++) { // MPEG-1, 32 kbps, 44.1 kHz
            at += SyntheticMp3.frameLength(3, 1, 44100, (mp3[at + 2] >> 1) & 1);
        }
        assertCorrupt(Arrays.copyOf(mp3, at)); // the Info frame counts 116 frames
    }

    @Test
    void anMp3WhoseFramesStopChainingIsCorrupt() throws IOException {
        byte[] mp3 = fixture("cbr-id3v23-id3v1.mp3");
        Arrays.fill(mp3, mp3.length / 2, mp3.length / 2 + 300, (byte) 0x11);
        assertCorrupt(mp3);
    }

    @Test
    void anId3TagRunningPastTheEndIsCorrupt() throws IOException {
        byte[] mp3 = fixture("cbr-id3v24.mp3");
        assertCorrupt(Arrays.copyOf(mp3, 30));
    }

    @Test
    void flacWithoutStreamInfoIsCorrupt() throws IOException {
        byte[] flac = fixture("tone.flac");
        flac[4] = (byte) ((flac[4] & 0x80) | 4); // the first block claims to be a VORBIS_COMMENT
        assertCorrupt(flac);
    }

    @Test
    void aFlacCutShortIsCorrupt() throws IOException {
        byte[] flac = fixture("tone.flac");
        assertCorrupt(Arrays.copyOf(flac, flac.length - 100));
        Files.deleteIfExists(file);
        assertCorrupt(Arrays.copyOf(flac, flac.length / 2));
    }

    @Test
    void aFlacWithADamagedFrameIsCorrupt() throws IOException {
        byte[] flac = fixture("tone.flac");
        flac[flac.length / 2] ^= 0x40;
        assertCorrupt(flac);
    }

    @Test
    void anOggPageWithABadCrcIsCorrupt() throws IOException {
        byte[] ogg = fixture("tone.opus");
        ogg[ogg.length / 2] ^= 1;
        assertCorrupt(ogg);
    }

    @Test
    void anOggStreamCutShortIsCorrupt() throws IOException {
        byte[] ogg = fixture("tone.ogg");
        assertCorrupt(Arrays.copyOf(ogg, ogg.length - 10));
    }

    @Test
    void anOggStreamWithAMissingPageIsCorrupt() throws IOException {
        byte[] ogg = fixture("tone.opus");
        int second = indexOf(ogg, "OggS".getBytes(), 1);
        int third = indexOf(ogg, "OggS".getBytes(), second + 1);
        int fourth = indexOf(ogg, "OggS".getBytes(), third + 1);
        byte[] cut = new byte[ogg.length - (fourth - third)];
        System.arraycopy(ogg, 0, cut, 0, third);
        System.arraycopy(ogg, fourth, cut, third, ogg.length - fourth);
        assertCorrupt(cut);
    }

    @Test
    void aWavWhoseDataRunsPastTheEndIsCorrupt() throws IOException {
        byte[] wav = fixture("tone.wav");
        assertCorrupt(Arrays.copyOf(wav, wav.length - 5000));
    }

    @Test
    void aWavWithoutSamplesIsCorrupt() throws IOException {
        byte[] wav = fixture("tone.wav");
        int data = indexOf(wav, "data".getBytes(), 0);
        assertCorrupt(Arrays.copyOf(wav, data + 8));
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    static void fixOggCrc(byte[] ogg, int page) {
        int segments = ogg[page + 26] & 0xFF;
        int length = 27 + segments;
        for (int s = 0; s < segments; s++) {
            length += ogg[page + 27 + s] & 0xFF;
        }
        Arrays.fill(ogg, page + 22, page + 26, (byte) 0);
        byte[] copy = Arrays.copyOfRange(ogg, page, page + length);
        SyntheticMp3.le32(ogg, page + 22, TestCrc.ogg(copy, 0, copy.length));
    }
}
