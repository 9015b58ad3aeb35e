package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the server cannot start, said by setting, path and fix. */
class ServerStartErrorsIT {

  @Test
  void aDataDirAnotherServerHoldsIsSaidSo(@TempDir Path dataDir) throws Exception {
    try (ServerProcess running = ServerProcess.start(dataDir)) {
      CliRunner second = CliRunner.run("server", "--port", "0", "--data-dir", dataDir.toString());
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.err())
          .contains("Another Galley server is using the data directory " + dataDir)
          .contains("--data-dir")
          .doesNotContain("--backend-store-uri")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aDataDirThatIsAFileIsNamedWithTheFix(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    CliRunner r = CliRunner.run("server", "--port", "0", "--data-dir", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Error: --data-dir "
                + file
                + " is a file, not a directory. Give --data-dir a directory (it is created if"
                + " missing).\n");
  }
}
