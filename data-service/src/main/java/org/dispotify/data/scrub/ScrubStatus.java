package org.dispotify.data.scrub;

/**
 * Where the background scrub stands, for {@code /data/replication/status}.
 *
 * @param passes       passes completed since this node started
 * @param running      whether a pass is under way now
 * @param checked      items checked in the pass under way (or the last one)
 * @param damaged      damaged items found since this node started (each one is repaired from another holder)
 * @param lastPassEnd  when the last pass ended (ISO-8601), or null before the first
 */
public record ScrubStatus(long passes, boolean running, long checked, long damaged, String lastPassEnd) {
}
