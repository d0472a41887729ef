package org.dispotify.data.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.dispotify.testsupport.audio.Synth;
import org.dispotify.testsupport.audio.SyntheticFlac;
import org.dispotify.testsupport.audio.SyntheticMp3;
import org.dispotify.testsupport.audio.SyntheticOgg;
import org.dispotify.testsupport.audio.SyntheticWav;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Synthesized streams of every format, 0.5 s to 2 hours: the chunks cover the file byte for byte,
 * start where the framing says, last about 10 s each, and the duration is the framing's.
 */
class ChunkingPropertiesTest {

    private static final long MAX_FILE_BYTES = 24L * 1024 * 1024;
    private final FormatDetectingAudioAnalyzer analyzer = new FormatDetectingAudioAnalyzer();

    /** Seconds from 0.5 s to 2 h, most of them short. */
    static Arbitrary<Double> seconds() {
        return Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0.5)),
            Tuple.of(1, Arbitraries.just(7200.0)),
            Tuple.of(4, Arbitraries.doubles().between(0.5, 12).ofScale(3)),
            Tuple.of(2, Arbitraries.doubles().between(12, 600).ofScale(3)),
            Tuple.of(2, Arbitraries.doubles().between(600, 7200).ofScale(1)));
    }

    @Property(tries = 40)
    void mp3ChunksFollowTheFrames(@ForAll("mp3") SyntheticMp3.Spec spec, @ForAll long seed) throws IOException {
        Synth synth = SyntheticMp3.write(spec, seed);
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.format()).isEqualTo(AudioFormat.MP3);
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
            if (spec.id3v2() != 0) {
                assertThat(audio.tags()).isEqualTo(new Tags("Synth title ✓", "Synth artist", "Synth album", "Pop", 2001, 9));
            }
            if (!spec.vbr()) {
                int kbps = (spec.version() == 3 ? SyntheticMp3.BITRATE_V1 : SyntheticMp3.BITRATE_V2)[spec.bitrateIndex()];
                assertThat(audio.bitrateKbps()).isBetween(kbps - 1, kbps + 1);
            }
        } finally {
            synth.delete();
        }
    }

    @Provide
    Arbitrary<SyntheticMp3.Spec> mp3() {
        return Combinators.combine(
                Arbitraries.of(3, 2, 0), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 14), seconds(), Arbitraries.of(SyntheticMp3.InfoFrame.class),
                Arbitraries.of(0, 3, 4), Arbitraries.of(0, 0, 17, 1000))
            .flatAs((version, rate, vbr, bitrate, secs, info, id3, junk) -> Combinators.combine(
                    Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((id3v1, ape, mono) -> fitMp3(new SyntheticMp3.Spec(version, rate, vbr, bitrate, secs, info, id3,
                    id3 == 0 ? 0 : junk, id3v1, ape, mono))));
    }

    /** Long streams get the lowest bitrate so every try stays a few MB. */
    private static SyntheticMp3.Spec fitMp3(SyntheticMp3.Spec s) {
        int rate = SyntheticMp3.sampleRate(s.version(), s.rateIndex());
        int kbps = (s.version() == 3 ? SyntheticMp3.BITRATE_V1 : SyntheticMp3.BITRATE_V2)[s.vbr() ? 14 : s.bitrateIndex()];
        if (s.seconds() * kbps * 125 <= MAX_FILE_BYTES) {
            return s;
        }
        int version = s.seconds() * 32 * 125 <= MAX_FILE_BYTES ? s.version() : 0;
        return new SyntheticMp3.Spec(version, s.rateIndex(), false, 1, s.seconds(), s.info(), s.id3v2(),
            s.junkAfterId3(), s.id3v1(), s.ape(), s.mono());
    }

    @Property(tries = 30)
    void flacChunksFollowTheFrames(@ForAll("flac") SyntheticFlac.Spec spec, @ForAll long seed) throws IOException {
        Synth synth = SyntheticFlac.write(spec, seed);
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.format()).isEqualTo(AudioFormat.FLAC);
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
            if (spec.comments()) {
                assertThat(audio.tags()).isEqualTo(new Tags("Flac synth", "Synth", "Synth album", "Noise", 2010, 4));
            }
        } finally {
            synth.delete();
        }
    }

    @Provide
    Arbitrary<SyntheticFlac.Spec> flac() {
        return Combinators.combine(
                Arbitraries.of(8000, 11025, 12000, 16000, 22050, 44100, 48000, 96000, 192000, 37800),
                Arbitraries.integers().between(1, 8), Arbitraries.of(8, 12, 16, 20, 24, 32),
                Arbitraries.of(0, 192, 576, 1152, 4096, 4608, 100, 1000, 16384, 65535), seconds(),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
            .as(SyntheticFlac.Spec::new)
            .filter(s -> s.blockSize() == 0 || s.seconds() * s.sampleRate() / s.blockSize() < 300_000);
    }

    @Property(tries = 30)
    void oggChunksFollowTheGranules(@ForAll("ogg") SyntheticOgg.Spec spec, @ForAll long seed) throws IOException {
        Synth synth = SyntheticOgg.write(spec, seed);
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.format()).isEqualTo(spec.opus() ? AudioFormat.OGG_OPUS : AudioFormat.OGG_VORBIS);
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
            assertThat(audio.tags()).isEqualTo(new Tags("Ogg synth 🎶", "Synth", "Synth album", "Drone", 1995, 11));
        } finally {
            synth.delete();
        }
    }

    @Provide
    Arbitrary<SyntheticOgg.Spec> ogg() {
        return Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.of(8000, 22050, 44100, 48000, 96000),
                Arbitraries.of(0, 312, 3840), seconds(), Arbitraries.of(true, false),
                Arbitraries.of(1, 40, 300, 700), Arbitraries.of(1, 5, 60, 255))
            .as(SyntheticOgg.Spec::new)
            .map(s -> s.seconds() > 600 ? new SyntheticOgg.Spec(s.opus(), s.sampleRate(), s.preSkip(), s.seconds(),
                s.bigComment(), 20, 255) : s);
    }

    @Property(tries = 30)
    void wavChunksFollowTheSampleMath(@ForAll("wav") SyntheticWav.Spec spec) throws IOException {
        Synth synth = SyntheticWav.write(spec);
        try {
            AnalyzedAudio audio = analyzer.analyze(synth.file());
            assertThat(audio.format()).isEqualTo(AudioFormat.WAV);
            ChunkAssertions.assertChunksMatchFraming(audio, synth);
            int blockAlign = spec.channels() * ((spec.bitsPerSample() + 7) / 8);
            assertThat(audio.bitrateKbps()).isEqualTo(Math.round(spec.sampleRate() * blockAlign * 8 / 1000.0f));
            if (spec.infoBefore()) {
                assertThat(audio.tags()).isEqualTo(new Tags("Wav synth", "Synth", "Synth album", "Chill", 2003, 5));
            } else if (spec.infoAfter()) {
                assertThat(audio.tags()).isEqualTo(new Tags("After", "After artist", "After album", "Late", 2004, 6));
            } else {
                assertThat(audio.tags()).isEqualTo(Tags.NONE);
            }
        } finally {
            synth.delete();
        }
    }

    @Provide
    Arbitrary<SyntheticWav.Spec> wav() {
        return Combinators.combine(
                Arbitraries.of(8000, 11025, 22050, 44100, 48000, 96000), Arbitraries.integers().between(1, 8),
                Arbitraries.of(8, 16, 24, 32), seconds(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
            .flatAs((rate, ch, bits, secs, ext, before, after, rf64) -> Arbitraries.integers().between(0, ch * bits / 8 - 1)
                .map(extra -> new SyntheticWav.Spec(rate, ch, bits, secs, ext, before, after, rf64, extra)))
            // the data is a sparse hole, but stay well inside 32-bit RIFF sizes
            .filter(s -> s.seconds() * s.sampleRate() * s.channels() * s.bitsPerSample() / 8 < 1.5e9);
    }
}
