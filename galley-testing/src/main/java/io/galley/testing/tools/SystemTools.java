package io.galley.testing.tools;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * System tools the OCI client tests drive (docker, skopeo, podman, docker-registry). A missing tool
 * skips the calling test with a message naming it, unless {@code GALLEY_REQUIRE_ALL=1} (as in CI)
 * makes that a failure.
 */
public final class SystemTools {
  private SystemTools() {}

  /** {@code name}'s executable on PATH, if any. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code name}'s executable on PATH; skips (or, with GALLEY_REQUIRE_ALL=1, fails) if absent. */
  public static Path require(String name) {
    return find(name)
        .orElseGet(
            () -> {
              unavailable(name + " is not installed (not found on PATH)");
              throw new AssertionError("unreachable");
            });
  }

  /** A docker engine that answers {@code docker info}; skips or fails like {@link #require}. */
  public static void dockerEngine() {
    require("docker");
    Command.Result info =
        Command.of("docker", "info", "--format", "{{.ServerVersion}}")
            .timeout(Duration.ofSeconds(30))
            .run();
    if (!info.ok() || info.stdout().isBlank()) {
      unavailable(
          "no docker engine answers `docker info` (start dockerd): " + info.stderr().strip());
    }
  }

  /** Skips the calling test with {@code reason}, or fails it when GALLEY_REQUIRE_ALL=1. */
  public static void unavailable(String reason) {
    if (requireAll()) {
      fail(reason + " (GALLEY_REQUIRE_ALL=1 forbids skipping)");
    }
    Assumptions.abort(reason + ": skipping");
  }

  public static boolean requireAll() {
    return "1".equals(System.getenv("GALLEY_REQUIRE_ALL"));
  }
}
