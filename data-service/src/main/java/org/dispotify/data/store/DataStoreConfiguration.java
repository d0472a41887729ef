package org.dispotify.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.dispotify.data.system.DataProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.jdbc.datasource.init.CompositeDatabasePopulator;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The node's song database: one SQLite file, {@code ${dispotify.dir}/songs.db}, in WAL mode. */
@Configuration(proxyBeanMethods = false)
class DataStoreConfiguration {

    static final String SCHEMA = "data-schema.sql";

    @Bean
    DataSource dataSource(@Value("${dispotify.dir:.dispotify}") Path dir, DataProperties properties) {
        Path file = dir.resolve("songs.db").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + file.getParent(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        // WAL lets readers stream chunks while the one writer ingests; NORMAL sync is safe with WAL
        // against process crashes (a power cut may lose the last transactions, which replication covers).
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout((int) properties.busyTimeout().toMillis());
        sqlite.enforceForeignKeys(true);
        // Chunks are ~100 KB-2 MB blobs: big pages mean short overflow chains, so faster blob reads
        // and writes. Takes effect when the file is created.
        sqlite.setPageSize(32768);
        SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
        sqliteSource.setUrl("jdbc:sqlite:" + file);

        HikariConfig pool = new HikariConfig();
        pool.setPoolName("dispotify-data");
        pool.setDataSource(sqliteSource);
        // Reads run on the io scheduler and writes on the single writer thread; one extra connection
        // keeps a writer from waiting behind a full set of readers.
        pool.setMaximumPoolSize(properties.readConnections() + 1);
        pool.setMinimumIdle(1);
        return new HikariDataSource(pool);
    }

    @Bean
    JdbcDialect jdbcDialect() {
        return SqliteDialect.INSTANCE;
    }

    @Bean
    DataSourceInitializer dataSchemaInitializer(DataSource dataSource) {
        DataSourceInitializer initializer = new DataSourceInitializer();
        initializer.setDataSource(dataSource);
        initializer.setDatabasePopulator(new CompositeDatabasePopulator(
                new ResourceDatabasePopulator(new ClassPathResource(SCHEMA)), new ChunkHashColumn(), new LibraryColumns()));
        return initializer;
    }
}
