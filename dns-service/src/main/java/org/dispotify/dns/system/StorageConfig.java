package org.dispotify.dns.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The SQLite file {@code ${dispotify.dir}/names.db}: WAL, a busy timeout, one connection. */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

    static final String DB_FILE = "names.db";

    @Bean(destroyMethod = "close")
    HikariDataSource nameServiceDataSource(NameServiceProperties properties) {
        Path dir = properties.dir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + dir, e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(5_000);
        SQLiteDataSource sqliteDataSource = new SQLiteDataSource(sqlite);
        sqliteDataSource.setUrl("jdbc:sqlite:" + dir.resolve(DB_FILE));

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("dns-sqlite");
        hikari.setDataSource(sqliteDataSource);
        // SQLite takes one writer at a time; all writes go through one store thread anyway.
        hikari.setMaximumPoolSize(1);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        applySchema(dataSource);
        return dataSource;
    }

    @Bean
    JdbcClient nameServiceJdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    private static void applySchema(DataSource dataSource) {
        ResourceDatabasePopulator populator =
                new ResourceDatabasePopulator(new ClassPathResource("org/dispotify/dns/dns-schema.sql"));
        DatabasePopulatorUtils.execute(populator, dataSource);
    }
}
