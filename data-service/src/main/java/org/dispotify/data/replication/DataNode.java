package org.dispotify.data.replication;

import java.util.Objects;

/** A data node another node can call: its id and its HTTP base URL ({@code http://host:port}). */
public record DataNode(String id, String url) {

    public DataNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static DataNode of(String id, String host, int port) {
        return new DataNode(id, "http://" + host + ":" + port);
    }
}
