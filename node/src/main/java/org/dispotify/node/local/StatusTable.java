package org.dispotify.node.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * `dispotify status` as a table a person reads at a glance: one row per process, columns as wide as
 * their widest cell, numbers right-aligned, and a summary line. {@code n/a} marks what does not
 * apply to a role (a router holds no songs), {@code ?} what a live node did not say, {@code -} an
 * empty value (a lone node has no predecessor).
 */
public final class StatusTable {

    private record Column(String title, boolean numeric, Function<NodeStatus, String> cell) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("NAME", false, NodeStatus::name),
            new Column("PID", true, row -> Long.toString(row.pid())),
            new Column("ROLE", false, NodeStatus::role),
            new Column("NODE ID", false, row -> ring(row, row.id())),
            new Column("ADDRESS", false, row -> row.address() == null ? unknown(row) : row.address()),
            new Column("PREDECESSOR", false, row -> neighbour(row, row.predecessor())),
            new Column("SUCCESSOR", false, row -> neighbour(row, row.successors().isEmpty() ? null : row.successors().get(0))),
            new Column("SONGS", true, row -> count(row, row.songs())),
            new Column("UNDER-REPLICATED", true, row -> count(row, row.underReplicated())),
            new Column("HEALTH", false, row -> row.healthy() ? "up" : "DOWN"));

    private StatusTable() {
    }

    public static String render(List<NodeStatus> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(COLUMNS.stream().map(Column::title).toList());
        rows.forEach(row -> cells.add(COLUMNS.stream().map(column -> column.cell().apply(row)).toList()));
        int[] widths = new int[COLUMNS.size()];
        cells.forEach(line -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                boolean last = i == widths.length - 1;
                text.append(COLUMNS.get(i).numeric() ? padding + cell : last ? cell : cell + padding);
                if (!last) {
                    text.append("  ");
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.append(summary(rows)).append('\n').toString();
    }

    /** E.g. "5 nodes (2 data, 3 routers), 6 of 6 processes up, no song under-replicated". */
    static String summary(List<NodeStatus> rows) {
        long nodes = rows.stream().filter(r -> !"dns".equals(r.role()) && !"dns".equals(r.name())).count();
        long data = rows.stream().filter(r -> "data".equals(r.role())).count();
        long routers = rows.stream().filter(r -> "router".equals(r.role())).count();
        long up = rows.stream().filter(NodeStatus::healthy).count();
        List<NodeStatus> dataRows = rows.stream().filter(r -> "data".equals(r.role())).toList();
        long behind = dataRows.stream().filter(r -> r.underReplicated() != null && r.underReplicated() > 0).count();
        boolean allKnown = dataRows.stream().allMatch(r -> r.underReplicated() != null);
        String replication = dataRows.isEmpty() ? "no data node up"
                : behind > 0 ? "songs under-replicated on " + behind + " of " + dataRows.size() + " data nodes"
                : allKnown ? "no song under-replicated"
                : "under-replication unknown (the data nodes need the cluster secret to tell)";
        return "%d node%s (%d data, %d router%s), %d of %d processes up, %s".formatted(nodes, nodes == 1 ? "" : "s",
                data, routers, routers == 1 ? "" : "s", up, rows.size(), replication);
    }

    private static String ring(NodeStatus row, String value) {
        if ("dns".equals(row.role())) {
            return "n/a";
        }
        return value == null ? unknown(row) : value;
    }

    private static String neighbour(NodeStatus row, String value) {
        if ("dns".equals(row.role())) {
            return "n/a";
        }
        if (!row.healthy() && value == null) {
            return unknown(row);
        }
        return value == null ? "-" : value;
    }

    private static String count(NodeStatus row, Long value) {
        if ("dns".equals(row.role()) || "router".equals(row.role())) {
            return "n/a";
        }
        return value == null ? unknown(row) : value.toString();
    }

    /** Nothing for a node that is down; a question mark for one that is up but did not say. */
    private static String unknown(NodeStatus row) {
        return "down".equals(row.role()) ? "-" : "?";
    }
}
