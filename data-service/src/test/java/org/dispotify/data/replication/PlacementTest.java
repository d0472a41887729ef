package org.dispotify.data.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.dispotify.data.store.Sha256;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");
    private static final List<String> SONGS = IntStream.range(0, 10_000)
            .mapToObj(i -> Sha256.hex(("song " + i).getBytes())).toList();

    @Test
    void ownersAreTheTopDistinctNodesAndDoNotDependOnListOrder() {
        for (String song : SONGS.subList(0, 200)) {
            List<String> owners = Placement.owners(song, FIVE, 2);
            assertThat(owners).hasSize(2).doesNotHaveDuplicates().isSubsetOf(FIVE);
            assertThat(Placement.owners(song, List.of("n5", "n3", "n1", "n4", "n2"), 2)).isEqualTo(owners);
            assertThat(Placement.rank(song, FIVE).subList(0, 2)).isEqualTo(owners);
        }
    }

    @Test
    void fewerNodesThanTheFactorOwnEverySong() {
        assertThat(Placement.owners(SONGS.get(0), List.of("only"), 2)).containsExactly("only");
        assertThat(Placement.owners(SONGS.get(0), List.of(), 2)).isEmpty();
    }

    @Test
    void placementIsStableAcrossVersions() {
        // Every node must compute the same owners, whatever its version: a change here moves every song.
        String song = Sha256.hex("stable".getBytes());
        assertThat(Placement.rank(song, FIVE)).isEqualTo(RANK_OF_STABLE);
    }

    // Computed independently (Python hashlib): nodes by the first 8 bytes of SHA-256(song id, 0, node id), descending.
    private static final List<String> RANK_OF_STABLE = List.of("n4", "n1", "n5", "n2", "n3");

    @Test
    void everyNodeOwnsAboutItsShare() {
        Map<String, Integer> owned = new HashMap<>();
        for (String song : SONGS) {
            Placement.owners(song, FIVE, 2).forEach(node -> owned.merge(node, 1, Integer::sum));
        }
        // 10,000 songs x 2 copies over 5 nodes: 4,000 each; a fair hash stays within 5 %.
        assertThat(owned).hasSize(5);
        owned.values().forEach(count -> assertThat(count).isBetween(3800, 4200));
    }

    @Test
    void aJoiningNodeTakesOnlyItsShareAndOnlyFromOthers() {
        List<String> six = new ArrayList<>(FIVE);
        six.add("n6");
        int moved = 0;
        for (String song : SONGS) {
            Set<String> before = new HashSet<>(Placement.owners(song, FIVE, 2));
            Set<String> after = new HashSet<>(Placement.owners(song, six, 2));
            if (!before.equals(after)) {
                moved++;
                // The newcomer replaced exactly one owner; no song moves between the old nodes.
                assertThat(after).contains("n6");
                Set<String> kept = new HashSet<>(after);
                kept.remove("n6");
                assertThat(before).containsAll(kept);
                assertThat(kept).hasSize(1);
            }
        }
        // The newcomer owns 2/6 of the songs: about 3,333 of 10,000.
        assertThat(moved).isBetween(3100, 3550);
    }

    @Test
    void aLeavingNodesSongsGoToOneNewOwnerEachAndNothingElseMoves() {
        List<String> four = FIVE.subList(0, 4);
        for (String song : SONGS) {
            List<String> before = Placement.owners(song, FIVE, 2);
            Set<String> after = new HashSet<>(Placement.owners(song, four, 2));
            if (before.contains("n5")) {
                Set<String> survivor = new HashSet<>(before);
                survivor.remove("n5");
                assertThat(after).containsAll(survivor).hasSize(2);
            } else {
                assertThat(after).isEqualTo(new HashSet<>(before));
            }
        }
    }
}
