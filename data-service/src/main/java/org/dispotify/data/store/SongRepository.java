package org.dispotify.data.store;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;

/** Songs table. Blocking: used only by {@link SongStore}, which runs it on the data schedulers. */
public interface SongRepository extends ListCrudRepository<SongRow, String>, ListPagingAndSortingRepository<SongRow, String> {
}
