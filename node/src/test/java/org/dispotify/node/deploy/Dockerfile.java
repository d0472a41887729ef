package org.dispotify.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of a Dockerfile reader for the checks: instructions with continuation lines joined,
 * split into stages at each FROM. Exec-form (JSON) CMD, ENTRYPOINT and HEALTHCHECK only: the
 * project's Dockerfiles use no shell form.
 */
record Dockerfile(Path file, Map<String, String> globalArguments, List<List<Instruction>> stages) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One instruction: its keyword upper-cased and the rest of its (joined) line. */
    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<Instruction>> stages = new ArrayList<>();
        Map<String, String> globalArguments = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            Instruction instruction = new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip());
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (stages.isEmpty()) {
                // Before the first FROM only ARG may stand: build arguments the FROM lines can use.
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalStateException(file + ": " + instruction.keyword() + " before the first FROM");
                }
                String[] pair = instruction.arguments().split("=", 2);
                globalArguments.put(pair[0], pair.length > 1 ? pair[1] : "");
                continue;
            }
            stages.get(stages.size() - 1).add(instruction);
        }
        return new Dockerfile(file, globalArguments, stages);
    }

    /** A stage's base image with the global build arguments' defaults put in (FROM ${X} AS name -> X's default). */
    String baseImage(int stage) {
        String image = stages.get(stage).get(0).arguments().split("\\s+")[0];
        java.util.regex.Matcher reference = java.util.regex.Pattern.compile("\\$\\{(\\w+)}").matcher(image);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String value = globalArguments.get(reference.group(1));
            if (value == null) {
                throw new IllegalStateException(file + ": FROM uses ${" + reference.group(1) + "}, which no ARG declares");
            }
            reference.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(value));
        }
        return reference.appendTail(resolved).toString();
    }

    List<Instruction> finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<String> last(String keyword) {
        return finalStage().stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments)
                .reduce((first, second) -> second);
    }

    List<String> execForm(String keyword) {
        return last(keyword).map(Dockerfile::jsonArray).orElse(List.of());
    }

    /** The final stage's ENV, {@code KEY=VALUE} pairs (values without spaces). */
    Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        finalStage().stream().filter(i -> i.keyword().equals("ENV")).forEach(env -> {
            for (String pair : env.arguments().split("\\s+")) {
                int equals = pair.indexOf('=');
                variables.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        });
        return variables;
    }

    /** The HEALTHCHECK's command (what follows CMD). */
    List<String> healthcheck() {
        String arguments = last("HEALTHCHECK").orElseThrow();
        return jsonArray(arguments.substring(arguments.indexOf("CMD ") + 4));
    }

    /** {@code COPY} sources (relative to the build context) by destination, for files copied from the context. */
    Map<String, String> copiedFromContext() {
        Map<String, String> copies = new LinkedHashMap<>();
        finalStage().stream().filter(i -> i.keyword().equals("COPY")).map(i -> i.arguments().split("\\s+"))
                .filter(words -> java.util.Arrays.stream(words).noneMatch(w -> w.startsWith("--from")))
                .forEach(words -> copies.put(words[words.length - 1], words[words.length - 2]));
        return copies;
    }

    static List<String> jsonArray(String text) {
        return JSON.readValue(text, new TypeReference<List<String>>() { });
    }
}
