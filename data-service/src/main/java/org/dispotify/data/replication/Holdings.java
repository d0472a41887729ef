package org.dispotify.data.replication;

import java.util.List;

/** Song ids: asked about in a request, the complete ones among them in the answer. */
public record Holdings(List<String> ids) {

    public Holdings {
        ids = List.copyOf(ids);
    }
}
