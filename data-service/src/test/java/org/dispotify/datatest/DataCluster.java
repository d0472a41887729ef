package org.dispotify.datatest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dispotify.data.replication.DataNode;
import org.dispotify.data.replication.DataNodeDirectory;
import org.dispotify.data.store.SongStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Data-role Spring contexts in this JVM, each on a random port with its own state directory, that find
 * each other through one {@link FakeDataNodeDirectory} (registered as the {@code @Primary} directory).
 * A node "dies" by closing its context and leaving the directory.
 */
public final class DataCluster implements AutoCloseable {

    private final FakeDataNodeDirectory directory = new FakeDataNodeDirectory();
    private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();
    private final Map<String, Path> dirs = new LinkedHashMap<>();
    private final Map<String, String> settings;

    public DataCluster(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    public FakeDataNodeDirectory directory() {
        return directory;
    }

    /** Starts a node and adds it to the directory (the others sync at once, as on a ring event). */
    public ConfigurableApplicationContext start(String id) {
        return start(id, TestDirs.fresh("replica-" + id));
    }

    /** Starts a node on an existing state directory. */
    public ConfigurableApplicationContext start(String id, Path dir) {
        Map<String, Object> properties = new LinkedHashMap<>(settings);
        properties.put("server.port", "0");
        properties.put("dispotify.dir", dir.toString());
        properties.put("dispotify.node.id", id);
        properties.put("dispotify.data.chunk-cache-size", "0");
        properties.put("spring.main.banner-mode", "off");
        ApplicationContextInitializer<GenericApplicationContext> fake = context -> {
            context.registerBean("fakeDataNodeDirectory", DataNodeDirectory.class, () -> directory,
                    bean -> bean.setPrimary(true));
            // Own event loops per node: with the global ones (the default), closing one context stops every
            // server in this JVM.
            context.registerBean(ReactorResourceFactory.class, () -> {
                ReactorResourceFactory resources = new ReactorResourceFactory();
                resources.setUseGlobalResources(false);
                return resources;
            });
        };
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DataTestApplication.class)
                .properties(properties)
                .initializers(fake)
                .run();
        nodes.put(id, context);
        dirs.put(id, dir);
        directory.add(new DataNode(id, url(id)));
        return context;
    }

    /** Leaves the directory first (the ring's dead verdict), then stops. */
    public void kill(String id) {
        directory.remove(id);
        ConfigurableApplicationContext context = nodes.remove(id);
        if (context != null) {
            context.close();
        }
    }

    public List<String> live() {
        return List.copyOf(nodes.keySet());
    }

    public ConfigurableApplicationContext node(String id) {
        return nodes.get(id);
    }

    public Path dir(String id) {
        return dirs.get(id);
    }

    public String url(String id) {
        return "http://127.0.0.1:" + nodes.get(id).getEnvironment().getProperty("local.server.port");
    }

    public WebTestClient client(String id) {
        return WebTestClient.bindToServer().baseUrl(url(id)).responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    public SongStore store(String id) {
        return nodes.get(id).getBean(SongStore.class);
    }

    /** The live nodes that hold the song complete. */
    public List<String> holders(String songId) {
        return nodes.keySet().stream().filter(id -> store(id).holds(songId)).toList();
    }

    @Override
    public void close() {
        List.copyOf(nodes.keySet()).forEach(this::kill);
    }
}
