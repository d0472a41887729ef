package org.dispotify.node.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dispotify.node.Dispotify;
import org.dispotify.node.cli.ServerCommand;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What the `dispotify` executable offers a container, taken from its picocli model. */
final class Executables {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    private Executables() {
    }

    static CommandLine subcommand(String name) {
        CommandLine command = Dispotify.commandLine().getSubcommands().get(name);
        if (command == null) {
            throw new AssertionError("`dispotify " + name + "` is not a subcommand; known: "
                    + Dispotify.commandLine().getSubcommands().keySet());
        }
        return command;
    }

    static boolean isServer(String name) {
        return subcommand(name).getCommand() instanceof ServerCommand;
    }

    /** Every variable `dispotify NAME` reads: its options' {@code ${env:...}} defaults and its environment-only ones. */
    static Set<String> environmentRead(String name) {
        CommandLine command = subcommand(name);
        // Uninterpolated, defaultValue() is the option's text as written: ${env:NAME:-fallback}.
        command.setInterpolateVariables(false);
        Set<String> variables = new TreeSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            String original = option.defaultValue();
            if (original != null) {
                Matcher matcher = ENV_DEFAULT.matcher(original);
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
            }
        }
        if (command.getCommand() instanceof ServerCommand server) {
            variables.addAll(server.environmentOnly());
        }
        return variables;
    }
}
