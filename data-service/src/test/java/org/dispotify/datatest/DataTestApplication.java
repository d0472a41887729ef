package org.dispotify.datatest;

import org.dispotify.data.DataRoleConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Hosts the data role alone, the way the node application does: by importing
 * {@link DataRoleConfiguration}. Tests boot it; {@code bench/} runs it standalone (see bench/README.md).
 */
@SpringBootApplication
@Import(DataRoleConfiguration.class)
public class DataTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(DataTestApplication.class, args);
    }
}
