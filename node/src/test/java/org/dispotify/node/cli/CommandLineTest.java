package org.dispotify.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dispotify.node.Dispotify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Bad command lines get one clear line and a non-zero exit, and change nothing on disk. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Dispotify.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void aNodePortOutOfRangeIsRejected() {
        assertThat(run("node", "--port", "70000", "--dir", dir.resolve("n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be a port between 1 and 65535, was 70000");
        assertThat(dir.resolve("n")).doesNotExist();
    }

    @Test
    void anUnknownRoleIsRejectedBeforeAnythingIsWritten() {
        assertThat(run("node", "--role", "chef", "--dir", dir.resolve("n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a role must be auto, data or router, was 'chef'");
        assertThat(dir.resolve("n")).doesNotExist();
    }

    @Test
    void aNodeIdThatIsNotADnsLabelIsRejected() {
        assertThat(run("node", "--node-id", "Bad_Id!", "--role", "data", "--dir", dir.resolve("n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("node id must be a DNS label");
        assertThat(dir.resolve("n")).doesNotExist();
    }

    @Test
    void malformedNameServersAreRejected() {
        assertThat(run("node", "--name-servers", "host:notaport", "--dir", dir.resolve("n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--name-servers").contains("host:port");
    }

    @Test
    void relayAudioIsOffUnlessAskedFor() {
        assertThat(parsedNode().relayAudio).isEqualTo(Boolean.parseBoolean(System.getenv("DISPOTIFY_RELAY_AUDIO")));
        assertThat(parsedNode("--relay-audio").relayAudio).isTrue();
        assertThat(parsedNode("--relay-audio=false").relayAudio).isFalse();
    }

    private static NodeCommand parsedNode(String... args) {
        CommandLine top = Dispotify.commandLine();
        String[] line = new String[args.length + 1];
        line[0] = "node";
        System.arraycopy(args, 0, line, 1, args.length);
        top.parseArgs(line);
        return top.getSubcommands().get("node").getCommand();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("up", "--nodez", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("--nodez");
    }

    @Test
    void upRejectsANodeCountOutOfRange() {
        assertThat(run("up", "--nodes", "0", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be between 1 and 50");
        assertThat(dir.resolve("cluster.json")).doesNotExist();
    }

    @Test
    void logsOfAnUnknownProcessSayWhichAreKnown() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/dns.log"), "hello\n");
        assertThat(run("logs", "node-9999", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no log for 'node-9999'").contains("known: dns");
    }

    @Test
    void downWithNothingRunningSucceeds() {
        assertThat(run("down", "--dir", dir.toString())).isZero();
    }

    @Test
    void aNodeListeningBeyondLoopbackNeedsAClusterSecret() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty-secret"));
        assertThat(run("node", "--host", "0.0.0.0", "--role", "data", "--cluster-secret-file", empty.toString(),
                "--dir", dir.resolve("n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without a cluster secret");
        assertThat(dir.resolve("n")).doesNotExist();
    }

    @Test
    void aNameServiceListeningBeyondLoopbackNeedsAClusterSecret() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty-secret"));
        assertThat(run("dns", "--bind", "0.0.0.0", "--cluster-secret-file", empty.toString(),
                "--dir", dir.resolve("d").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without a cluster secret");
    }

    @Test
    void aShortClusterSecretIsRefused() throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("short"), "tiny\n");
        assertThat(run("dns", "--cluster-secret-file", shortSecret.toString(), "--dir", dir.resolve("d").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("at least 16 characters");
    }

    @Test
    void uploadOfAMissingFileSaysSo() {
        assertThat(run("upload", dir.resolve("nope.mp3").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file or folder");
    }

    @Test
    void simulateNamesTheFaultsItKnowsWhenGivenAnUnknownOne() {
        assertThat(run("simulate", "--nodes", "5", "--faults", "crash,meteor")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown fault 'meteor'").contains("partition").contains("clock-jump");
    }

    @Test
    void simulateRefusesARunTooShortForItsPhases() {
        assertThat(run("simulate", "--nodes", "5", "--seconds", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("a run of 5 nodes must last at least 84 s");
    }
}
