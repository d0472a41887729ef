package org.dispotify.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images build the jar with the very Maven line the `./dispotify` wrapper uses, so the clean-clone build that
 * CI runs through the wrapper (`.ci/clean-clone-build`) vouches for `docker compose build` too.
 */
class BuildLineTest {

    private static final Pattern MAVEN_CALL = Pattern.compile("\\./mvnw [^)&;|\\n]+");

    static List<Path> dockerfiles() throws IOException {
        return DockerfileTest.dockerfiles().toList();
    }

    static String mavenCall(String text, Object where) {
        Matcher matcher = MAVEN_CALL.matcher(text);
        assertThat(matcher.find()).as("a ./mvnw call in %s", where).isTrue();
        String call = matcher.group().strip();
        assertThat(matcher.find()).as("one ./mvnw call in %s", where).isFalse();
        return call;
    }

    @Test
    void theWrapperBuildsOnlyTheExecutableAndWhatItNeedsWithoutTests() throws IOException {
        String wrapper = mavenCall(Files.readString(DockerfileTest.ROOT.resolve("dispotify")), "dispotify");
        assertThat(wrapper.split(" ")).contains("-Dmaven.test.skip=true", "-pl", "node", "-am", "package");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theImageBuildsWithTheWrappersMavenLine(Path file) throws IOException {
        String wrapper = mavenCall(Files.readString(DockerfileTest.ROOT.resolve("dispotify")), "dispotify");
        Dockerfile dockerfile = Dockerfile.read(file);
        String build = dockerfile.stages().get(0).stream().filter(i -> i.keyword().equals("RUN"))
                .map(Dockerfile.Instruction::arguments).filter(a -> a.contains("./mvnw")).findFirst().orElseThrow();
        assertThat(mavenCall(build, file)).isEqualTo(wrapper);
    }
}
