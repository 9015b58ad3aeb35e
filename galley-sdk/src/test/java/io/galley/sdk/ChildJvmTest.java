package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training program in its own JVM, with secrets in its environment, its JVM flags and its
 * arguments: none of them reaches any stored tag, param or artifact; and the run it leaves open
 * ends KILLED when its JVM exits.
 */
class ChildJvmTest {
  private static final String ENV_TOKEN = "envtok-91c3d2e8f7a6";
  private static final String DB_PASSWORD = "dbpw-5e6f7a8b9c";
  private static final String JVM_PASSWORD = "hunter2-jvm-7781";
  private static final String ARG_TOKEN = "argtok-55aa66bb77";
  private static final String GALLEY_TOKEN = "galley_abcdefghijkl_" + "x".repeat(43);
  private static final String MLFLOW_PASSWORD = "mlflow-pw-0b1c2d3e";

  @Test
  void secretsAreNeverStoredAndAnOpenRunEndsKilledAtExit(@TempDir Path data, @TempDir Path work)
      throws Exception {
    try (LiveServer server = new LiveServer(data)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-Dapp.db.password=" + JVM_PASSWORD,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ChildTraining.class.getName(),
                  "--token",
                  ARG_TOKEN)
              .directory(work.toFile())
              .redirectOutput(work.resolve("out.txt").toFile())
              .redirectError(work.resolve("err.txt").toFile());
      Map<String, String> env = pb.environment();
      env.remove("MLFLOW_TRACKING_URI");
      env.put("GALLEY_TRACKING_URI", server.uri().toString());
      env.put("MY_SERVICE_TOKEN", ENV_TOKEN);
      // Galley's and MLflow's own credentials, which the SDK reads and sends, are never stored.
      env.put("GALLEY_TOKEN", GALLEY_TOKEN);
      env.put("MLFLOW_TRACKING_PASSWORD", MLFLOW_PASSWORD);
      env.put("DB_URL", "postgresql://bob:" + DB_PASSWORD + "@db:5432/x");
      env.put("NOTES", "rotate " + ENV_TOKEN + " monthly");
      Process child = pb.start();
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
      String out = Files.readString(work.resolve("out.txt"));
      assertThat(child.exitValue())
          .as("child output:%n%s%n%s", out, Files.readString(work.resolve("err.txt")))
          .isZero();
      String[] runs = out.lines().filter(l -> l.startsWith("RUNS ")).findFirst().get().split(" ");
      out.lines().filter(l -> l.startsWith("CAPTURE ")).forEach(System.out::println);
      String finished = runs[1];
      String killed = runs[2];

      assertThat(server.run(finished).path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(server.run(killed).path("info").path("status").asText()).isEqualTo("KILLED");
      assertThat(server.history(killed, "loss")).hasSize(3);

      List<String> stored = new ArrayList<>();
      for (String run : List.of(finished, killed)) {
        JsonNode data0 = server.run(run).path("data");
        stored.add(data0.toString()); // every tag and param, keys and values
        for (String path : server.artifactPaths(run, "")) {
          stored.add(path + ": " + new String(server.artifact(run, path), StandardCharsets.UTF_8));
        }
      }
      String everything = String.join("\n", stored);
      assertThat(everything)
          .doesNotContain(ENV_TOKEN)
          .doesNotContain(DB_PASSWORD)
          .doesNotContain(JVM_PASSWORD)
          .doesNotContain(ARG_TOKEN)
          .doesNotContain(GALLEY_TOKEN)
          .doesNotContain(MLFLOW_PASSWORD);
      // ...and yet capture saw each of them, and kept what was not secret.
      assertThat(everything)
          .contains("-Dapp.db.password=<redacted>")
          .contains("--token <redacted>")
          .contains("postgresql://<redacted>@db:5432/x")
          .contains("rotate <redacted> monthly")
          .contains(ChildTraining.class.getName());
    }
  }
}
