package org.dispotify.ring.walk;

import java.util.Optional;

import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;

/**
 * When the temporary manager asks for role switches. A role below its minimum (data: 2 once there are
 * 3 members, 1 with 2; routers: 1 once there are 2), or a data count outside the ratio's band, is a
 * deficit; the count brings the data nodes to {@link RoleRatio#dataNodesFor}.
 * <p>
 * The band is exact where 2n/5 is a whole number (5 members: 2 data, 10: 4) and floor..ceil of 2n/5
 * where it is not (7 members: 2 or 3 data), within the minimums. Every band holds the target, and a
 * count inside the band asks for nothing, so a ring whose count it corrected asks for nothing more:
 * no flapping. (An older rule tolerated any count one off the target, so 3 data + 2 routers, which
 * simultaneous starts produce, was never corrected.)
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
        if (data >= lowestData(members) && data <= highestData(members)) {
            return Optional.empty();
        }
        int target = RoleRatio.dataNodesFor(members);
        return data < target ? Optional.of(new Deficit(Role.DATA, target - data))
                : Optional.of(new Deficit(Role.ROUTER, data - target));
    }

    /** The fewest data nodes {@code members} may have without a switch: floor(2n/5), at least the minimum. */
    public static int lowestData(int members) {
        return Math.max(minData(members), Math.floorDiv(2 * members, 5));
    }

    /** The most data nodes {@code members} may have without a switch: ceil(2n/5), leaving the routers' minimum. */
    public static int highestData(int members) {
        return Math.min(members - minRouters(members), Math.floorDiv(2 * members + 4, 5));
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
