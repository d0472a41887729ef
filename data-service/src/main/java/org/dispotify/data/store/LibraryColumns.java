package org.dispotify.data.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.datasource.init.DatabasePopulator;

/**
 * Migration of a songs.db made before songs carried library tags and a cover: adds {@code album_artist},
 * {@code disc} and {@code cover_sha256} to {@code songs} (nullable, so old rows read as "no album
 * artist, no disc, no cover"), and the index that finds the songs sharing a cover. New files get the
 * columns here too: the schema script stays the one that created the first files.
 */
final class LibraryColumns implements DatabasePopulator {

    @Override
    public void populate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            Set<String> present = new HashSet<>();
            try (ResultSet columns = statement.executeQuery("PRAGMA table_info(songs)")) {
                while (columns.next()) {
                    present.add(columns.getString("name").toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (!present.contains("album_artist")) {
                statement.execute("ALTER TABLE songs ADD COLUMN album_artist TEXT");
            }
            if (!present.contains("disc")) {
                statement.execute("ALTER TABLE songs ADD COLUMN disc INTEGER");
            }
            if (!present.contains("cover_sha256")) {
                statement.execute("ALTER TABLE songs ADD COLUMN cover_sha256 TEXT");
            }
            statement.execute("CREATE INDEX IF NOT EXISTS songs_by_cover ON songs (cover_sha256)");
        }
    }
}
