package org.dispotify.router.player;

import java.util.List;

import org.dispotify.router.cluster.ClusterMember;
import org.dispotify.router.player.ContentSecurityPolicy.HostPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSecurityPolicyTest {

    @Test
    void theRoutersAreAddedToImgSrcAndNothingElseChanges() {
        String policy = ContentSecurityPolicy.withImageHosts(List.of(new HostPort("10.0.0.2", 8082), new HostPort("music.example", 80)));
        assertThat(policy).isEqualTo(ContentSecurityPolicy.BASE.replace("img-src 'self' data:",
                "img-src 'self' data: 10.0.0.2:8082 music.example:80"));
    }

    @Test
    void aHostThatIsNotAPlainNameOrAddressIsLeftOut() {
        String policy = ContentSecurityPolicy.withImageHosts(List.of(
                new HostPort("evil.example; script-src *", 80), new HostPort("*", 80), new HostPort("::1", 8080),
                new HostPort("a b", 1), new HostPort("ok.example", 0), new HostPort("ok.example", 70000)));
        assertThat(policy).isEqualTo(ContentSecurityPolicy.BASE);
    }

    @Test
    void onlyLiveRoutersOfTheClusterViewCount() {
        String policy = PlayerPagePolicy.policyFor(List.of(
                new ClusterMember("r1", "127.0.0.1", 8081, "router", "ALIVE", null, List.of()),
                new ClusterMember("r2", "127.0.0.1", 8082, "router", "SUSPECT", null, List.of()),
                new ClusterMember("r3", "127.0.0.1", 8083, "router", "DEAD", null, List.of()),
                new ClusterMember("d1", "127.0.0.1", 8084, "data", "ALIVE", null, List.of())));
        assertThat(policy).contains("img-src 'self' data: 127.0.0.1:8081 127.0.0.1:8082;");
    }
}
