package org.dispotify.node.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.dispotify.node.local.LogTail;
import org.dispotify.node.local.StateDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dispotify logs NAME}: one process's log. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a process's log (dns, node-8081, ...).")
public final class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Process name as `dispotify status` shows it.")
    String name;

    @Option(names = "--dir", defaultValue = "${env:DISPOTIFY_DIR:-.dispotify}", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = {"-n", "--lines"}, defaultValue = "200", description = "How many of the last lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws IOException, InterruptedException {
        StateDir state = new StateDir(dir);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new CliException("not a process name: '" + name + "'");
        }
        Path log = state.log(name);
        if (!Files.exists(log)) {
            throw new CliException("no log for '" + name + "' in " + state.logs() + "; known: " + known(state));
        }
        LogTail.lastLines(log, lines).forEach(System.out::println);
        if (follow) {
            follow(log);
        }
        return 0;
    }

    private static void follow(Path log) throws IOException, InterruptedException {
        long position = Files.size(log);
        while (true) {
            long size = Files.size(log);
            if (size > position) {
                try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                    file.seek(position);
                    byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
                    file.readFully(bytes);
                    position += bytes.length;
                    System.out.print(new String(bytes, StandardCharsets.UTF_8));
                    System.out.flush();
                }
            } else if (size < position) {
                position = 0;
            }
            Thread.sleep(250);
        }
    }

    private static String known(StateDir state) throws IOException {
        if (!Files.isDirectory(state.logs())) {
            return "none";
        }
        try (Stream<Path> files = Files.list(state.logs())) {
            return String.join(", ", files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".log")).map(n -> n.substring(0, n.length() - 4)).sorted().toList());
        }
    }
}
