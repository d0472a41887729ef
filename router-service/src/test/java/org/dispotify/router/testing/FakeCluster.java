package org.dispotify.router.testing;

import java.util.Arrays;
import java.util.List;

import org.dispotify.ring.naming.Member;
import org.dispotify.ring.roles.Role;

/**
 * The fakes every router test talks to, made once per test JVM so all tests share one Spring
 * context: a name service and four data nodes. Tests choose which nodes the name service lists.
 */
public final class FakeCluster {

    private static final FakeCluster INSTANCE = new FakeCluster();

    public final FakeNameService names = new FakeNameService();
    public final FakeDataNode a = new FakeDataNode("data-a");
    public final FakeDataNode b = new FakeDataNode("data-b");
    public final FakeDataNode c = new FakeDataNode("data-c");
    public final FakeDataNode d = new FakeDataNode("data-d");

    private FakeCluster() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (FakeDataNode node : all()) {
                node.stop();
            }
            names.close();
        }));
    }

    public static FakeCluster get() {
        return INSTANCE;
    }

    public List<FakeDataNode> all() {
        return List.of(a, b, c, d);
    }

    /** All nodes running and empty; the name service lists none of them. */
    public void reset() {
        all().forEach(FakeDataNode::reset);
        names.clear();
    }

    /** The name service lists exactly these data nodes (running or not). */
    public void listData(FakeDataNode... nodes) {
        names.group(Role.DATA.groupName(), Arrays.stream(nodes).map(FakeDataNode::member).toList());
    }

    public void listRouters(Member... routers) {
        names.group(Role.ROUTER.groupName(), List.of(routers));
    }
}
