package org.dispotify.node.harness;

/**
 * How to start one node: {@code dispotify node --node-id id --host host --port port --role role
 * [--initial-role initialRole]}. {@code role} is {@code auto}, {@code data} or {@code router};
 * {@code initialRole} (only with auto) lets nodes start in parallel with a given role instead of asking
 * the name service.
 */
public record NodeSpec(String id, String host, int port, String role, String initialRole) {

    public NodeSpec {
        if (!role.equals("auto") && !role.equals("data") && !role.equals("router")) {
            throw new IllegalArgumentException("role must be auto, data or router: " + role);
        }
        if (initialRole != null && !role.equals("auto")) {
            throw new IllegalArgumentException("--initial-role goes with --role auto only");
        }
    }

    /** An auto node that asks the name service which role the cluster is short of. */
    public NodeSpec asAutoNewcomer() {
        return new NodeSpec(id, host, port, "auto", null);
    }
}
