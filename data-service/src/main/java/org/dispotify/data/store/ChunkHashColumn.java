package org.dispotify.data.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.jdbc.datasource.init.DatabasePopulator;

/**
 * Migration of a songs.db made before chunks carried their hash: adds the {@code sha256} column (at the
 * end, after the blob; SQLite cannot insert a column elsewhere). New files get it from the schema, so
 * this changes nothing there. {@link ChunkHashBackfill} fills the old rows' hashes later.
 */
final class ChunkHashColumn implements DatabasePopulator {

    @Override
    public void populate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean present = false;
            try (ResultSet columns = statement.executeQuery("PRAGMA table_info(chunks)")) {
                while (columns.next()) {
                    present |= "sha256".equalsIgnoreCase(columns.getString("name"));
                }
            }
            if (!present) {
                statement.execute("ALTER TABLE chunks ADD COLUMN sha256 TEXT");
            }
        }
    }
}
