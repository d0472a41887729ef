package org.dispotify.router.providers;

import java.util.List;

/** {@code GET /api/songs/{id}/providers}: up to three providers in random order. */
public record Providers(String songId, List<Provider> providers) {
}
