package org.dispotify.ring.walk;

import java.util.Optional;

import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;

/**
 * When the temporary manager asks for role switches. A role below its minimum (data: 2 once there are
 * 3 members, 1 with 2; routers: 1 once there are 2), or a data count off {@link RoleRatio} by more
 * than one node, is a deficit; the count brings the data nodes back to the ratio's share. Being off
 * by exactly one is tolerated, so the ring does not flap roles back and forth around the ratio.
 */
public final class ImbalancePolicy {

    /** {@code count} members of the other role should switch to {@code needed}. */
    public record Deficit(Role needed, int count) {
    }

    private ImbalancePolicy() {
    }

    public static Optional<Deficit> evaluate(int data, int routers) {
        int members = data + routers;
        if (members == 0) {
            return Optional.empty();
        }
        int target = RoleRatio.dataNodesFor(members);
        boolean belowMinimum = data < minData(members) || routers < minRouters(members);
        if (!belowMinimum && Math.abs(data - target) <= 1) {
            return Optional.empty();
        }
        if (data < target) {
            return Optional.of(new Deficit(Role.DATA, target - data));
        }
        if (data > target) {
            return Optional.of(new Deficit(Role.ROUTER, data - target));
        }
        return Optional.empty();
    }

    public static int minData(int members) {
        return members >= 3 ? 2 : members == 2 ? 1 : 0;
    }

    public static int minRouters(int members) {
        return members >= 2 ? 1 : 0;
    }

    /** Whether a member holding {@code role} may give it up, given the counts now. */
    public static boolean canGiveUp(Role role, int data, int routers) {
        int members = data + routers;
        return role == Role.ROUTER ? routers - 1 >= minRouters(members) : data - 1 >= minData(members);
    }
}
