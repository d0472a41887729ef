package org.dispotify.ring.detector;

import java.time.Duration;

/**
 * The detector's timers.
 *
 * @param probeInterval    how often the first successor is probed (and a round judged)
 * @param probeTimeout     how long a direct ping waits before indirect probes start
 * @param suspicionTimeout how long a suspect has to refute before it is convicted
 * @param indirectProbes   how many other neighbours are asked to probe a silent target
 */
public record DetectorSettings(Duration probeInterval, Duration probeTimeout, Duration suspicionTimeout,
        int indirectProbes) {
}
