package org.dispotify.node.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FaultReportTest {

    @TempDir
    Path dir;

    @Test
    void aScenarioRowIsAddedThenReplacedByNameAndTheTableFollows() throws Exception {
        FaultReport.write(dir, row("kill a router", true, 0, null, "2024-01-01T00:00:01Z"));
        FaultReport.write(dir, row("steady state", false, 3, "AssertionError: 1 false dead | n2", "2024-01-01T00:00:02Z"));
        FaultReport.write(dir, row("kill a router", true, 1, null, "2024-01-01T00:00:03Z"));

        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("faults.json").toFile());
        assertThat(json.path("scenarios")).hasSize(2);
        assertThat(json.path("scenarios").get(0).path("name").asString()).isEqualTo("steady state");
        assertThat(json.path("scenarios").get(1).path("failedOperations").asLong()).isEqualTo(1);
        assertThat(json.path("scenarios").get(1).path("recoveryMs").isNull()).isTrue();
        assertThat(json.path("scenarios").get(1).path("commit").asString()).isEqualTo("abc123def456");

        String md = Files.readString(dir.resolve("faults.md"));
        assertThat(md).contains("| kill a router | 0 failed | **pass** | 1200 | 1 of 40 | 0 | - | subset | abc123def456 | n1 dead |");
        // A pipe in a failure message must not break the table.
        assertThat(md).contains("**FAIL**: AssertionError: 1 false dead \\| n2");
        assertThat(md.lines().filter(l -> l.startsWith("| kill a router"))).hasSize(1);
        assertThat(md).contains("1 of 2 scenarios passed.");
    }

    @Test
    void aScenarioThatCannotRunHereIsListedAsSkippedWithTheReason() throws Exception {
        String before = System.getProperty(FaultReport.DIRECTORY_PROPERTY);
        System.setProperty(FaultReport.DIRECTORY_PROPERTY, dir.toString());
        try {
            assertThatThrownBy(() -> FaultReport.run("partition 3 | 2 for 30 s, then heal", "minority switches no role",
                    scenario -> {
                        throw new TestAbortedException("an isolated cluster cannot run here: `nft` does not work here");
                    })).isInstanceOf(TestAbortedException.class);
        } finally {
            if (before == null) {
                System.clearProperty(FaultReport.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(FaultReport.DIRECTORY_PROPERTY, before);
            }
        }

        JsonNode row = JsonMapper.builder().build().readTree(dir.resolve("faults.json").toFile()).path("scenarios").get(0);
        assertThat(row.path("passed").asBoolean()).isFalse();
        assertThat(row.path("skipped").asString()).contains("`nft` does not work here");
        assertThat(row.path("failure").isNull()).isTrue();
        String md = Files.readString(dir.resolve("faults.md"));
        assertThat(md).contains("| partition 3 \\| 2 for 30 s, then heal | minority switches no role | skipped: an isolated "
                + "cluster cannot run here");
        assertThat(md).contains("0 of 1 scenarios passed, 1 skipped.");
    }

    @Test
    void theRowsNameTheCommitTheRunWasBuiltFrom() {
        String commit = FaultReport.commit();
        // A git checkout (this build's): git describe of it, with -dirty when files are changed.
        assertThat(commit).isNotBlank().matches("[0-9a-zA-Z._/-]+");
    }

    private static ScenarioResult row(String name, boolean passed, long failed, String failure, String at) {
        return new ScenarioResult(name, "0 failed", passed, 1200L, 40, failed, 0, 0, null, "n1 dead", failure, "subset",
                at, 5000, "abc123def456", null);
    }
}
