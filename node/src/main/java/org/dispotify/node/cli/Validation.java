package org.dispotify.node.cli;

/** Command-line checks that picocli's types cannot express. */
final class Validation {

    private Validation() {
    }

    static void port(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new CliException(option + " must be a port between 1 and 65535, was " + port);
        }
    }
}
