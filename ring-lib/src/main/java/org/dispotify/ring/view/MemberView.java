package org.dispotify.ring.view;

/** One member in {@code GET /ring/view}: role is {@code data} or {@code router}, status ALIVE, SUSPECT or DEAD. */
public record MemberView(String nodeId, String host, int port, String role, String status) {
}
