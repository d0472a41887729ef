package org.dispotify.node.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.dispotify.node.local.ChildLauncher;
import org.dispotify.node.startup.ServerKind;
import org.dispotify.node.startup.StartupCache;
import org.dispotify.node.startup.StartupCacheBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dispotify prepare}: makes the fast-start files of this jar for this Java (the jar extracted and a
 * class-data archive per server command). `./dispotify` runs it before `up`, `dns` and `node`; an image build can run
 * it once. It returns at once when everything is current.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Prepare faster starts for this jar and Java: extract the jar and train a class-data archive "
                + "(JDK 25+: an AOT cache) for the name service and for a node. ./dispotify does it on first run.")
public final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--jar", description = "The jar to prepare (default: the one running).")
    Path jar;

    @Option(names = "--print-launch", paramLabel = "dns|node",
            description = "Then print, one per line, the java arguments that start this server command fast "
                    + "(archive options, -jar and the jar), for scripts.")
    String printLaunch;

    @Override
    public Integer call() {
        ServerKind kind = printLaunch == null ? null : parseKind(printLaunch);
        StartupCache cache = StartupCache.of(jar != null ? jar : ChildLauncher.currentJar());
        try {
            new StartupCacheBuilder(cache, ChildLauncher.jvmOptions(), System.err).prepare();
        } catch (IOException | RuntimeException e) {
            // Never in the way of a start: the servers then run from the plain jar.
            System.err.println("dispotify: could not prepare faster starts (" + e.getMessage() + "); starting without them");
        }
        if (kind != null) {
            StartupCache.Launch launch = cache.launch(kind);
            launch.note().ifPresent(note -> System.err.println("dispotify: " + note + "; starting without it"));
            launch.archiveOptions().forEach(System.out::println);
            System.out.println("-jar");
            System.out.println(launch.jar());
        }
        return 0;
    }

    private static ServerKind parseKind(String text) {
        try {
            return ServerKind.of(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("--print-launch: " + e.getMessage());
        }
    }
}
