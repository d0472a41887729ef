package org.dispotify.node.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.dispotify.data.audio.AnalyzedAudio;
import org.dispotify.data.audio.FormatDetectingAudioAnalyzer;
import org.dispotify.node.harness.workload.SongFiles.Format;
import org.dispotify.node.harness.workload.SongFiles.SongFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SongFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Format.class)
    void eachFormatIsWhatTheDataRoleTakesItForOfAboutTheSizeAskedAndDistinctPerSeed(Format format) throws IOException {
        SongFiles files = new SongFiles(dir);
        SongFile song = files.write(format, 300_000, 1);
        SongFile other = files.write(format, 300_000, 2);

        AnalyzedAudio audio = new FormatDetectingAudioAnalyzer().analyze(song.file());
        assertThat(audio.format().label()).isEqualTo(format.extension());
        assertThat(song.size()).isBetween(200_000L, 400_000L);
        assertThat(song.sha256()).isEqualTo(SongFiles.sha256(song.file())).isNotEqualTo(other.sha256());
        assertThat(song.file().getFileName().toString()).endsWith("." + format.extension());
    }
}
