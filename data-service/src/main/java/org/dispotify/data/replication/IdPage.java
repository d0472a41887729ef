package org.dispotify.data.replication;

import java.util.List;

/** One page of a node's song ids, sorted; {@code next} is the {@code after} of the next page, null at the end. */
public record IdPage(List<String> ids, String next) {
}
