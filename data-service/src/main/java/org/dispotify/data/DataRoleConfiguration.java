package org.dispotify.data;

import org.dispotify.data.audio.AudioAnalyzer;
import org.dispotify.data.audio.FormatDetectingAudioAnalyzer;
import org.dispotify.data.store.SongRepository;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * Everything of the data role: store, ingest, HTTP API and streaming under {@code /data}. The node
 * application imports this class; nothing of {@code org.dispotify.data} is scanned otherwise.
 */
@Configuration(proxyBeanMethods = false)
// Fully qualified bean names: both role modules live in one node context and share simple class names.
@ComponentScan(basePackageClasses = DataRoleConfiguration.class,
        nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class, excludeFilters = {
        @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)})
@ConfigurationPropertiesScan(basePackageClasses = DataRoleConfiguration.class)
@EnableJdbcRepositories(basePackageClasses = SongRepository.class)
public class DataRoleConfiguration {

    @Bean
    AudioAnalyzer audioAnalyzer() {
        return new FormatDetectingAudioAnalyzer();
    }
}
