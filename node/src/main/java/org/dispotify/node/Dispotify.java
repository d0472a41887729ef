package org.dispotify.node;

import org.dispotify.node.cli.CliException;
import org.dispotify.node.cli.DnsCommand;
import org.dispotify.node.cli.DownCommand;
import org.dispotify.node.cli.LogsCommand;
import org.dispotify.node.cli.NodeCommand;
import org.dispotify.node.cli.PrepareCommand;
import org.dispotify.node.cli.ServerCommand;
import org.dispotify.node.cli.StatusCommand;
import org.dispotify.node.cli.UpCommand;
import org.dispotify.node.cli.UploadCommand;
import org.dispotify.node.cli.VersionProvider;
import org.dispotify.ring.sim.SimulateCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dispotify} command line: one executable for the name service, the nodes and a local cluster. */
@Command(name = "dispotify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A distributed music system: name service, data nodes, routers and a browser player.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class,
                DnsCommand.class, NodeCommand.class, UploadCommand.class, PrepareCommand.class, SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Dispotify implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        if (e instanceof CliException cli) {
            commandLine.getErr().println("dispotify " + commandLine.getCommandName() + ": " + cli.getMessage());
            return cli.exitCode();
        }
        commandLine.getErr().println("dispotify " + commandLine.getCommandName() + ": " + e);
        e.printStackTrace(commandLine.getErr());
        return 1;
    }

    /** The command line with its error reporting: one clear line for a user's mistake. */
    public static CommandLine commandLine() {
        return new CommandLine(new Dispotify()).setExecutionExceptionHandler(Dispotify::report);
    }

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        int code = commandLine.execute(args);
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        boolean serving = code == 0 && parsed != null && parsed.subcommand() != null
                && parsed.subcommand().commandSpec().userObject() instanceof ServerCommand;
        // A server command returns once its Spring context is up; its non-daemon threads keep it alive.
        if (!serving) {
            System.exit(code);
        }
    }
}
