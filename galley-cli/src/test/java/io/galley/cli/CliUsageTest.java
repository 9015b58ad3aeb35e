package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What the CLI says and returns before any server is involved. */
class CliUsageTest {

  @Test
  void helpListsEveryVerb() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("server", "experiments", "runs").startsWith("Usage: galley");
  }

  @Test
  void noVerbIsAUsageError() {
    CliRunner r = CliRunner.run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing a command");
  }

  @Test
  void unknownVerbIsAUsageError() {
    CliRunner r = CliRunner.run("fly");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument", "fly");
  }

  @Test
  void runsBestNeedsAMetric() {
    CliRunner r = CliRunner.run("runs", "best", "--experiment", "iris");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--metric=<metric>'");
  }

  @Test
  void maxAndMinExcludeEachOther() {
    CliRunner r = CliRunner.run("runs", "best", "-e", "iris", "-m", "acc", "--max", "--min");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void badNIsAUsageErrorThatNamesTheHelp() {
    CliRunner r = CliRunner.run("runs", "worst", "-e", "iris", "-m", "acc", "-n", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("-n must be at least 1")
        .contains("Run 'galley runs worst --help'");
  }

  @Test
  void badTrackingUriIsAUsageError() {
    CliRunner r = CliRunner.run("experiments", "ls", "--tracking-uri", "ftp://x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--tracking-uri must be http(s)://host:port");
  }

  @Test
  void unreachableServerSaysHowToStartOne() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    CliRunner r =
        CliRunner.run("experiments", "ls", "--tracking-uri", "http://127.0.0.1:" + freePort);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("Cannot reach the Galley server at http://127.0.0.1:" + freePort)
        .contains("./galley server");
  }

  @Test
  void serverRejectsAPortOutOfRange() {
    CliRunner r = CliRunner.run("server", "--port", "70000");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--port must be between 0 and 65535");
  }

  @Test
  void serverRejectsABadArtifactsDestination() {
    CliRunner r = CliRunner.run("server", "--artifacts-destination", "bucket/prefix");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--artifacts-destination", "s3://bucket/prefix");
  }
}
