package org.dispotify.node.deploy;

import java.io.IOException;
import java.util.Map;

/** Lets tests in other packages run the images' healthcheck script. */
public final class HealthcheckScriptAccess {

    private HealthcheckScriptAccess() {
    }

    public static int run(Map<String, String> environment) throws IOException, InterruptedException {
        return HealthcheckScriptTest.run(environment);
    }
}
