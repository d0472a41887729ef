package org.dispotify.node.host;

import java.util.Map;

import org.dispotify.ring.node.NodeProperties;
import org.dispotify.ring.roles.CurrentRole;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info} says who this node is and which role it holds, for `dispotify status`. */
@Component
class NodeInfo implements InfoContributor {

    private final NodeProperties node;
    private final CurrentRole currentRole;

    NodeInfo(NodeProperties node, CurrentRole currentRole) {
        this.node = node;
        this.currentRole = currentRole;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of(
                "id", node.id(),
                "role", currentRole.get().label(),
                "pinned", currentRole.pinned(),
                "host", node.host(),
                "port", node.port()));
    }
}
