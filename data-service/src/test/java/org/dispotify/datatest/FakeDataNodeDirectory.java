package org.dispotify.datatest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dispotify.data.replication.DataNode;
import org.dispotify.data.replication.DataNodeDirectory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The data nodes a test says are live, shared by every node of an in-JVM cluster; changes are signalled like ring events. */
public final class FakeDataNodeDirectory implements DataNodeDirectory {

    private final List<DataNode> live = new CopyOnWriteArrayList<>();
    private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

    @Override
    public Mono<List<DataNode>> liveDataNodes() {
        return Mono.fromSupplier(() -> List.copyOf(live));
    }

    @Override
    public Flux<String> changes() {
        return changes.asFlux();
    }

    public synchronized void add(DataNode node) {
        live.removeIf(n -> n.id().equals(node.id()));
        live.add(node);
        changes.tryEmitNext("JOINED " + node.id());
    }

    public synchronized void remove(String id) {
        live.removeIf(n -> n.id().equals(id));
        changes.tryEmitNext("DEAD " + id);
    }

    public List<String> ids() {
        return live.stream().map(DataNode::id).toList();
    }
}
