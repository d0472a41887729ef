package org.dispotify.data.replication;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This node as replication sees it: its id and URL ({@code dispotify.node.*}, as the node process sets
 * them; the data role alone gets a random id and its web server's port) and whether it holds the data
 * role now (always, without a {@link CurrentRole}).
 */
@Component
public class LocalNode implements ApplicationListener<WebServerInitializedEvent> {

    private final String id;
    private final String host;
    private final ObjectProvider<CurrentRole> role;
    private volatile int port;

    LocalNode(Environment environment, ObjectProvider<CurrentRole> role) {
        String configured = environment.getProperty("dispotify.node.id", "");
        this.id = configured.isBlank()
                ? "data-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                : configured.trim();
        this.host = environment.getProperty("dispotify.node.host", "127.0.0.1");
        this.port = environment.getProperty("dispotify.node.port", Integer.class, 0);
        this.role = role;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The main server only (a separate management server has a namespace); it knows a random port.
        if (event.getApplicationContext().getServerNamespace() == null && port == 0) {
            port = event.getWebServer().getPort();
        }
    }

    public String id() {
        return id;
    }

    public DataNode node() {
        return DataNode.of(id, host, port);
    }

    public boolean isData() {
        CurrentRole current = role.getIfAvailable();
        return current == null || current.get() == Role.DATA;
    }
}
