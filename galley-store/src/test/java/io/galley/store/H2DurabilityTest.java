package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.TrackingStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that returned survives {@code kill -9}: a child JVM logs one metric point per
 * transaction and prints an acknowledgement after each; the test kills it without warning and
 * reopens the H2 file. Fails with H2's default WRITE_DELAY (500 ms), passes with the store's.
 */
class H2DurabilityTest {
  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  void acknowledgedCommitsSurviveKill9() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String runId = null;
    long acked = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("run ")) {
          runId = line.substring(4);
        } else if (line.startsWith("ack ")) {
          acked = Long.parseLong(line.substring(4));
          if (acked + 1 >= ACKS_BEFORE_KILL) {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no H2 close
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(runId).as("child started").isNotNull();
    assertThat(acked + 1).isEqualTo(ACKS_BEFORE_KILL);
    try (JdbcStore store = JdbcStore.open(TestDatabases.h2(dir))) {
      List<Metric> history = store.tracking().getMetricHistory(runId, "m", 0, null).items();
      assertThat(history.size())
          .as("points acknowledged before the kill")
          .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
      for (int step = 0; step < ACKS_BEFORE_KILL; step++) {
        assertThat(history.get(step).step()).isEqualTo(step);
      }
    }
  }

  /** The child: writes until killed. Optional second argument: a JDBC URL to use instead. */
  public static final class Child {
    public static void main(String[] args) {
      StoreConfig config =
          args.length > 1
              ? new StoreConfig(args[1], null, null)
              : TestDatabases.h2(Path.of(args[0]));
      JdbcStore jdbc = JdbcStore.open(config);
      TrackingStore store = jdbc.tracking();
      String exp = store.createExperiment("durable", null, List.of()).experimentId();
      String runId = store.createRun(new NewRun(exp, null, "r", 1, List.of())).info().runId();
      System.out.println("run " + runId);
      System.out.flush();
      for (long step = 0; ; step++) {
        store.logBatch(runId, List.of(new Metric("m", step, step, step)), List.of(), List.of());
        System.out.println("ack " + step);
        System.out.flush();
      }
    }
  }
}
