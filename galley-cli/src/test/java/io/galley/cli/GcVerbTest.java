package io.galley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.BlobInfo;
import io.galley.core.tracking.NewRun;
import io.galley.store.JdbcStore;
import io.galley.store.blob.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley gc} against a real server over H2 and a FileBlobStore. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcVerbTest {
  private InProcessServer server;
  private JdbcStore store;
  private FileBlobStore blobs;
  private String uri;
  private String runId;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = new InProcessServer(dataDir);
    store = server.store();
    blobs = server.blobs();
    uri = server.uri();
    String exp = store.tracking().createExperiment("gc", null, List.of()).experimentId();
    runId = store.tracking().createRun(new NewRun(exp, "ada", "r", 1, List.of())).info().runId();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private CliRunner galley(String... args) {
    return server.galley(args);
  }

  private BlobInfo put(String content) {
    return blobs.put(new ByteArrayInputStream(content.getBytes(UTF_8)));
  }

  @Test
  void gcWithNoGraceDeletesOrphansAndKeepsReferencedBlobs() {
    BlobInfo orphan = put("cli orphan");
    BlobInfo kept = put("cli kept");
    store.artifacts().put(runId, new Artifact(ArtifactPath.parse("kept.txt"), kept.digest(), 8));

    CliRunner dry = galley("gc", "--dry-run", "--grace", "0");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("BLOBS", "unreferenced (would delete)", "Dry run: would free");
    assertThat(blobs.stat(orphan.digest())).isPresent();

    CliRunner gc = galley("gc", "--grace", "0");
    assertThat(gc.exitCode()).as(gc.err()).isZero();
    assertThat(gc.out())
        .contains(
            "unreferenced (deleted)",
            "referenced (kept)",
            "held by an upload (kept)",
            "temp files of cut-off uploads (deleted)",
            "Freed ");
    assertThat(blobs.stat(orphan.digest())).isEmpty();
    assertThat(blobs.stat(kept.digest())).isPresent();
  }

  @Test
  void theDefaultGraceKeepsAFreshOrphanAndJsonIsTheServersReport() throws IOException {
    BlobInfo young = put("cli young orphan");

    CliRunner gc = galley("gc", "--format", "json");

    assertThat(gc.exitCode()).as(gc.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(gc.out());
    assertThat(report.get("grace_seconds").asLong()).isEqualTo(3600);
    assertThat(report.get("dry_run").asBoolean()).isFalse();
    assertThat(report.get("kept_young").asLong()).isPositive();
    assertThat(blobs.stat(young.digest())).isPresent();
  }

  @Test
  void aBadGraceIsAUsageError() {
    CliRunner r = galley("gc", "--grace", "soon");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--grace must be a duration", "Run 'galley gc --help'");
  }

  @Test
  void anUnreachableServerExitsWithOne() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    CliRunner r = CliRunner.run("gc", "--tracking-uri", "http://127.0.0.1:" + freePort);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach the Galley server");
  }

  @Test
  void graceDurations() {
    assertThat(GcCommand.parseGrace("90s").toSeconds()).isEqualTo(90);
    assertThat(GcCommand.parseGrace("30m").toSeconds()).isEqualTo(1800);
    assertThat(GcCommand.parseGrace("1h").toSeconds()).isEqualTo(3600);
    assertThat(GcCommand.parseGrace("2d").toSeconds()).isEqualTo(172_800);
    assertThat(GcCommand.parseGrace("0").toSeconds()).isZero();
    assertThat(GcCommand.parseGrace("PT5M").toSeconds()).isEqualTo(300);
    assertThat(GcCommand.bytes(52_428_800)).isEqualTo("50.0 MiB");
    assertThat(GcCommand.bytes(12)).isEqualTo("12 B");
  }
}
