package org.dispotify.ring.roles;

/**
 * The 2 data : 3 routers rule. For n members, data = 1 if n = 1, else
 * max(min(2, n - 1), round(2n / 5)); routers are the rest. So two data nodes exist as soon as there
 * are three members (every song needs two copies), and one router exists as soon as there are two.
 */
public final class RoleRatio {

    private RoleRatio() {
    }

    /** How many of {@code members} nodes should hold the data role. */
    public static int dataNodesFor(int members) {
        if (members < 1) {
            throw new IllegalArgumentException("members must be at least 1, was " + members);
        }
        if (members == 1) {
            return 1;
        }
        // 2n/5 is never exactly k + 0.5 for integer n, so rounding has no tie to break.
        return Math.max(Math.min(2, members - 1), Math.round(2f * members / 5f));
    }

    public static int routersFor(int members) {
        return members - dataNodesFor(members);
    }

    /**
     * The role a newcomer takes when {@code liveData} data nodes and {@code liveRouters} routers
     * are already up: data while the data role is short of its share of the new total, else router.
     */
    public static Role roleForNewcomer(int liveData, int liveRouters) {
        if (liveData < 0 || liveRouters < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        int members = liveData + liveRouters + 1;
        return liveData < dataNodesFor(members) ? Role.DATA : Role.ROUTER;
    }
}
