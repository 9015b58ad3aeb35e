package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley artifacts put/ls/get/rm} against a real server with a real blob store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactVerbsTest {
  private InProcessServer server;
  private Run run;

  private Path dataDir;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    this.dataDir = dataDir;
    server = new InProcessServer(dataDir);
    String exp = server.tracking().createExperiment("files", null, List.of()).experimentId();
    run = server.tracking().createRun(new NewRun(exp, "ada", "r", 1, List.of()));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private CliRunner galley(String... args) {
    return server.galley(args);
  }

  @Test
  void putADirectoryListItAndGetItBack(@TempDir Path work) throws Exception {
    Path model = Files.createDirectories(work.resolve("model"));
    Files.writeString(model.resolve("MLmodel"), "flavors: {}\n");
    Files.createDirectories(model.resolve("data"));
    Files.writeString(model.resolve("data/weights bin"), "0123456789");
    String id = run.info().runId();

    CliRunner put = galley("artifacts", "put", id, model.toString(), "model");
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out()).contains("Uploaded 2 files");

    CliRunner root = galley("artifacts", "ls", id);
    assertThat(root.out()).contains("model/", "dir");
    CliRunner inside = galley("artifacts", "ls", id, "model");
    assertThat(inside.exitCode()).as(inside.err()).isZero();
    assertThat(inside.out()).contains("model/MLmodel", "12", "model/data/");

    Path back = work.resolve("back");
    CliRunner get = galley("artifacts", "get", id, "model", "-o", back.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(Files.readString(back.resolve("MLmodel"))).isEqualTo("flavors: {}\n");
    assertThat(Files.readString(back.resolve("data/weights bin"))).isEqualTo("0123456789");

    Path one = work.resolve("one");
    CliRunner file = galley("artifacts", "get", id, "model/MLmodel", "-o", one.toString());
    assertThat(file.exitCode()).as(file.err()).isZero();
    assertThat(Files.readAllBytes(one)).isEqualTo("flavors: {}\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDownloadWhoseBytesDoNotMatchTheServersDigestIsNotKept(@TempDir Path work) throws Exception {
    byte[] content = "the bytes as uploaded".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(work.resolve("weights.bin"), content);
    String id = run.info().runId();
    assertThat(galley("artifacts", "put", id, file.toString(), "tampered").exitCode()).isZero();
    // The stored blob is changed behind the server's back (a bad disk, a hand edit).
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    Path blob;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      blob = walk.filter(p -> p.getFileName().toString().equals(hex)).findFirst().orElseThrow();
    }
    Files.write(blob, "THE BYTES AS UPLOADED".getBytes(StandardCharsets.UTF_8));

    Path out = work.resolve("got.bin");
    CliRunner get = galley("artifacts", "get", id, "tampered/weights.bin", "-o", out.toString());
    assertThat(get.exitCode()).isEqualTo(1);
    assertThat(get.err())
        .contains("arrived with other bytes than the server's digest sha256:" + hex);
    assertThat(out).doesNotExist();
  }

  @Test
  void rmDeletesAFileOrADirectoryAndRefusesWhatIsNotThere(@TempDir Path work) throws Exception {
    String exp = server.tracking().createExperiment("rm", null, List.of()).experimentId();
    String id =
        server.tracking().createRun(new NewRun(exp, "ada", "r", 1, List.of())).info().runId();
    Path out = Files.createDirectories(work.resolve("out"));
    Files.writeString(out.resolve("results.csv"), "a,b\n");
    Files.createDirectories(out.resolve("plots"));
    Files.writeString(out.resolve("plots/loss.svg"), "<svg/>");
    Files.writeString(out.resolve("plots/acc.svg"), "<svg/>");
    assertThat(galley("artifacts", "put", id, out.toString()).exitCode()).isZero();

    CliRunner file = galley("artifacts", "rm", id, "results.csv");
    assertThat(file.exitCode()).as(file.err()).isZero();
    assertThat(file.out()).isEqualTo("Deleted 1 file (results.csv) from run " + id + "\n");
    CliRunner dir = galley("artifacts", "rm", id, "plots/");
    assertThat(dir.exitCode()).as(dir.err()).isZero();
    assertThat(dir.out()).isEqualTo("Deleted 2 files (plots) from run " + id + "\n");
    assertThat(galley("artifacts", "ls", id).out()).doesNotContain("results.csv", "plots");

    CliRunner again = galley("artifacts", "rm", id, "results.csv");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "Error: Run "
                + id
                + " has no artifact 'results.csv' (galley artifacts ls lists them)\n");
    CliRunner root = galley("artifacts", "rm", id, "/");
    assertThat(root.exitCode()).isEqualTo(2);
    assertThat(root.err()).contains("Name a file or directory to delete");
    CliRunner traversal = galley("artifacts", "rm", id, "../x");
    assertThat(traversal.exitCode()).isNotZero();
    assertThat(traversal.err()).startsWith("Error:").doesNotContain("Exception");
  }

  @Test
  void aMissingArtifactOrSourceIsAnError(@TempDir Path work) {
    CliRunner get =
        galley("artifacts", "get", run.info().runId(), "nope", "-o", work.resolve("x").toString());
    assertThat(get.exitCode()).isEqualTo(1);
    assertThat(get.err()).contains("Error:", "nope");
    assertThat(work.resolve("x")).doesNotExist();
    CliRunner put =
        galley("artifacts", "put", run.info().runId(), work.resolve("absent").toString());
    assertThat(put.exitCode()).isEqualTo(2);
    assertThat(put.err()).contains("No such file or directory");
  }

  @Test
  void traversalInTheTargetPathIsRefusedByTheServer(@TempDir Path work) throws Exception {
    Path file = Files.writeString(work.resolve("f.txt"), "x");
    CliRunner put = galley("artifacts", "put", run.info().runId(), file.toString(), "../escape");
    assertThat(put.exitCode()).isEqualTo(1);
    assertThat(put.err()).contains("Invalid artifact path '../escape'");
    assertThat(galley("artifacts", "ls", run.info().runId()).out()).doesNotContain("escape");
  }
}
