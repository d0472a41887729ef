package org.dispotify.router.catalog;

import java.util.List;

import org.dispotify.ring.naming.Member;

/**
 * Where to get a cover: the SHA-256 of its bytes (its content address), the song that has it, and the
 * live data nodes that hold that song.
 */
public record CoverSource(String coverId, String songId, List<Member> holders) {

    static CoverSource of(CatalogSong song) {
        return new CoverSource(song.song().coverId(), song.song().id(), song.holders());
    }
}
