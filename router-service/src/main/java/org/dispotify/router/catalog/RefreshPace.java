package org.dispotify.router.catalog;

import java.time.Duration;

/**
 * The pause before the catalog's next refresh: the refresh interval while the cluster changes, doubling after each
 * refresh that found nothing new, up to the idle interval. At rest a router then reads the data group and the data
 * nodes' lists a few times a minute instead of every second: that polling was most of an idle node's CPU
 * (bench/results/startup.md, "Idle cost").
 */
final class RefreshPace {

    private final Duration fast;
    private final Duration idle;
    private volatile Duration pause;

    RefreshPace(Duration fast, Duration idle) {
        this.fast = fast;
        this.idle = idle;
        this.pause = fast;
    }

    Duration pause() {
        return pause;
    }

    /** A refresh saw a change, a node that did not answer, or was asked for: back to the fast pace. */
    void changed() {
        pause = fast;
    }

    /** A refresh found everything as it was. */
    void unchanged() {
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(idle) > 0 ? idle : doubled;
    }
}
