package io.galley.client.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.MavenCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** environment.json: every version ever written still reads; what is written reads back equal. */
class EnvironmentJsonTest {

  /** The one round trip every serialisable form goes through. */
  static Environment roundTrip(Environment env) {
    return EnvironmentJson.read(EnvironmentJson.write(env));
  }

  @Test
  void everyFieldReadsBackEqualWithTheDiffLeftOut() {
    GitState git =
        new GitState(
            "/src/iris",
            "a".repeat(40),
            null,
            "https://git.example.com/x.git",
            true,
            List.of("new file.txt"),
            "diff --git a/x b/x\n",
            true);
    Environment env =
        new Environment(
            1,
            Instant.parse("2026-01-02T03:04:05.123456789Z"),
            17,
            Map.of("java.version", "17.0.15", "gpu.count", "0"),
            List.of("-Xmx2g", "-Dapp.password=<redacted>"),
            List.of(
                new Library(
                    "/m2/a-1.0.jar",
                    "a-1.0.jar",
                    false,
                    10,
                    "b".repeat(64),
                    new MavenCoordinates("g", "a", "1.0"),
                    List.of(new MavenCoordinates("g", "shaded", "2"))),
                new Library("/src/classes", "classes", true, 0, null, null, List.of())),
            git,
            Map.of("LANG", "C.UTF-8"),
            List.of("gpu: nvidia-smi is not on the PATH; GPUs, if any, are not recorded"));
    Environment back = roundTrip(env);
    assertThat(back.git()).isEqualTo(git.withoutDiff());
    assertThat(back).usingRecursiveComparison().ignoringFields("git").isEqualTo(env);
    assertThat(EnvironmentJson.write(env)).contains("\"diff-artifact\" : \"git/uncommitted.diff\"");
  }

  @Test
  void theVersionOneGoldenFileStillReads() throws IOException {
    Environment env = EnvironmentJson.read(resource("environment-v1.json"));
    assertThat(env.formatVersion()).isEqualTo(1);
    assertThat(env.capturedAt()).isEqualTo(Instant.parse("2026-11-25T10:15:30.5Z"));
    assertThat(env.property(Environment.JAVA_VERSION)).isEqualTo("17.0.15");
    assertThat(env.property(Environment.OS_ARCH)).isEqualTo("amd64");
    assertThat(env.libraries()).hasSize(2);
    assertThat(env.libraries().get(0).maven())
        .isEqualTo(
            new MavenCoordinates("com.fasterxml.jackson.core", "jackson-databind", "2.19.2"));
    assertThat(env.libraries().get(0).sha256()).hasSize(64);
    assertThat(env.libraries().get(1).directory()).isTrue();
    assertThat(env.git().branch()).isEqualTo("main");
    assertThat(env.git().dirty()).isTrue();
    assertThat(env.variables()).containsEntry("TZ", "UTC");
  }

  @Test
  void aNewerFormatIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> EnvironmentJson.read("{\"format-version\": 99}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Use a newer SDK");
    assertThatThrownBy(() -> EnvironmentJson.read("[1]"))
        .isInstanceOf(InvalidRequestException.class);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = EnvironmentJsonTest.class.getResourceAsStream("/environment/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
