package org.dispotify.node.harness.report;

/**
 * One scenario's row of the fault report. Times are milliseconds; null where the scenario has no such
 * measure (e.g. no detection in a steady state).
 *
 * @param name                    the scenario, e.g. "kill -9 of a data node holding 1,000 songs"
 * @param passLine                what must hold, e.g. "0 lost, 2 copies restored"
 * @param passed                  whether it held (and the scenario ran to the end)
 * @param detectionMs             fault to the ring's first verdict (or what the scenario detects)
 * @param operations              client operations the workload ran during the scenario
 * @param failedOperations        of those, FAILED after the client's retry
 * @param indeterminateOperations of those, INDETERMINATE uploads (may or may not be stored)
 * @param lostWrites              acknowledged uploads not readable at the end
 * @param recoveryMs              fault (or heal) to the cluster being whole again (one view, copies restored)
 * @param notes                   the scenario's own figures, one line
 * @param failure                 the assertion that failed, or null
 * @param suite                   "subset" (./mvnw verify) or "full" (-Pfaults)
 * @param finishedAt              ISO-8601 instant
 * @param wallMs                  how long the scenario ran
 * @param commit                  the commit the run was built from ({@code git describe}-style, "-dirty" with
 *                                uncommitted changes), or null where it could not be told
 * @param skipped                 why the scenario could not run here (a missing tool, not root), or null; a
 *                                skipped scenario has not passed
 */
public record ScenarioResult(String name, String passLine, boolean passed, Long detectionMs, long operations,
                             long failedOperations, long indeterminateOperations, long lostWrites, Long recoveryMs,
                             String notes, String failure, String suite, String finishedAt, long wallMs, String commit,
                             String skipped) {
}
