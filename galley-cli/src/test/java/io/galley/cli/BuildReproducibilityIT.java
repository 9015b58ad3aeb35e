package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley build} of one model version by two server processes, one after the other on the
 * same data, with other time zones, locales and umasks (and so an empty layer cache the second
 * time): one manifest digest, whatever the tag. The base is reused from the registry here; its own
 * reproducibility is JavaRuntimeBaseIT's.
 */
class BuildReproducibilityIT {
  private static final Pattern BUILT = Pattern.compile("^Built \\S+ \\((sha256:[0-9a-f]{64}),");

  @Test
  void twoServersWithOtherClocksLocalesAndUmasksBuildOneDigest(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    String first;
    try (ServerProcess server =
        ServerProcess.startWithUmask(
            data,
            Map.of("TZ", "UTC", "JAVA_TOOL_OPTIONS", "-Duser.language=en -Duser.country=US"),
            "022")) {
      CliRunner example = CliRunner.run("example", "iris", "--tracking-uri", server.baseUri());
      assertThat(example.exitCode()).as(example.err()).isZero();
      first = build(server, "repro/iris:one");
    }
    String second;
    try (ServerProcess server =
        ServerProcess.startWithUmask(
            data,
            Map.of(
                "TZ",
                "Pacific/Chatham",
                "JAVA_TOOL_OPTIONS",
                "-Duser.language=tr -Duser.country=TR -Duser.timezone=Pacific/Chatham"),
            "077")) {
      second = build(server, "repro/other:two");
    }
    assertThat(second).isEqualTo(first);
  }

  private static String build(ServerProcess server, String reference) {
    CliRunner built =
        CliRunner.run(
            "build", "models:/iris@champion", "-t", reference, "--tracking-uri", server.baseUri());
    assertThat(built.exitCode()).as(built.err()).isZero();
    Matcher m = BUILT.matcher(built.out());
    assertThat(m.find()).as(built.out()).isTrue();
    return m.group(1);
  }
}
