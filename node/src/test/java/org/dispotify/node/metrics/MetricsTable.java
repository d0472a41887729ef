package org.dispotify.node.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's metrics table: the Prometheus name of each row and which processes export it. */
final class MetricsTable {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9_]+)`\\s*\\|\\s*([^|]+?)\\s*\\|");

    private MetricsTable() {
    }

    /** Name to "name service", "data node", "router" or "every node", in README order. */
    static Map<String, String> read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf("## Metrics");
        if (start < 0) {
            throw new AssertionError("README.md has no '## Metrics' section");
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher matcher = ROW.matcher(line);
            if (matcher.find()) {
                rows.put(matcher.group(1), matcher.group(2));
            }
        }
        return rows;
    }
}
