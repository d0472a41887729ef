package org.dispotify.dns.records;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Loads the stored records before the HTTP and DNS servers start, so a restarted name service
 * answers at once. Each record gets a fresh TTL: its owner renews it, or the expiry check
 * finds the owner dead and drops it, so the view converges either way.
 */
@Component
class RecordLoader implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RecordLoader.class);

    private final RecordStore store;
    private final RecordRegistry registry;

    RecordLoader(RecordStore store, RecordRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var stored = store.loadAll();
        stored.forEach(s -> registry.restore(s.record(), s.registeredAt()));
        log.info("Name service loaded {} records from SQLite", stored.size());
    }
}
