package org.dispotify.dns.resolve;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dispotify.dns.records.RecordNames;
import org.dispotify.dns.records.RecordRegistry;
import org.dispotify.dns.records.Registration;

import org.springframework.stereotype.Component;

/** Live members of a name in random order, so clients spread over them. Memory only. */
@Component
public class Resolver {

    private final RecordRegistry registry;

    Resolver(RecordRegistry registry) {
        this.registry = registry;
    }

    /** Shuffled members of a group or node name (any case, trailing dot allowed); empty if unknown. */
    public List<Registration> resolve(String name) {
        List<Registration> members = registry.members(RecordNames.normalize(name));
        if (members.size() > 1) {
            Collections.shuffle(members, ThreadLocalRandom.current());
        }
        return members;
    }
}
