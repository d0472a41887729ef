package org.dispotify.data.replication;

import java.util.List;

import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.view.RingView;
import org.springframework.beans.factory.ObjectProvider;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The directory a node uses unless the context defines another (tests do, as {@code @Primary}): the
 * ring's view when the node runs a ring, else the name service, else none (this node alone).
 *
 * <p>The choice is made at the first call, not at construction: the ring's bean needs the data role's
 * {@link org.dispotify.ring.roles.RoleHandover}, which needs this directory, so resolving the ring
 * eagerly would be a cycle. Calls only come once the application runs, when every bean exists.
 */
final class AutoDataNodeDirectory implements DataNodeDirectory {

    private final ObjectProvider<RingView> ring;
    private final ObjectProvider<NameServiceClient> names;
    private final ReplicationProperties properties;
    private volatile DataNodeDirectory chosen;

    AutoDataNodeDirectory(ObjectProvider<RingView> ring, ObjectProvider<NameServiceClient> names,
                          ReplicationProperties properties) {
        this.ring = ring;
        this.names = names;
        this.properties = properties;
    }

    @Override
    public Mono<List<DataNode>> liveDataNodes() {
        return Mono.defer(() -> chosen().liveDataNodes());
    }

    @Override
    public Flux<String> changes() {
        return Flux.defer(() -> chosen().changes());
    }

    private DataNodeDirectory chosen() {
        DataNodeDirectory directory = chosen;
        if (directory == null) {
            RingView view = ring.getIfAvailable();
            NameServiceClient client = names.getIfAvailable();
            DataNodeDirectory names = client == null ? null
                    : new NameServiceDataNodeDirectory(client, properties.callTimeout());
            directory = view != null ? new RingDataNodeDirectory(view, names)
                    : names != null ? names
                    : () -> Mono.just(List.of());
            chosen = directory;
        }
        return directory;
    }
}
