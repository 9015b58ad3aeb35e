package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.sdk.internal.SystemMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An open run samples the machine every interval into system/* metrics; a closed one never. */
class SystemMetricsTest {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  @Test
  void anOpenRunLogsPlausibleSystemMetricsUntilItCloses(@TempDir Path data) {
    try (LiveServer server = new LiveServer(data)) {
      Galley sampled = server.builder().systemMetricsInterval(INTERVAL).build();
      Galley quiet = server.galley();
      ActiveRun run = sampled.experiment("system").startRun("sampled");
      ActiveRun optedOut = quiet.experiment("system").startRun("opted-out");
      SystemMetrics.Monitor monitor = run.systemMetrics();
      awaitTrue(() -> monitor.samples() >= 3, "three samples");
      optedOut.logMetric("loss", 0.5);
      optedOut.close();
      run.close();

      assertThat(monitor.isStopped()).isTrue();
      long samples = monitor.samples();
      Map<String, Double> last = systemMetrics(server, run.id());
      assertThat(last)
          .containsKeys(
              "system/cpu_utilization_percentage",
              "system/system_memory_usage_megabytes",
              "system/system_memory_usage_percentage",
              "system/disk_usage_megabytes",
              "system/disk_usage_percentage",
              "system/disk_available_megabytes",
              "system/network_receive_megabytes",
              "system/network_transmit_megabytes",
              "system/process_cpu_percentage",
              "system/process_memory_rss_megabytes",
              "system/process_memory_vms_megabytes",
              "system/process_memory_percentage",
              "system/process_threads",
              "system/process_open_files",
              "system/process_jvm_heap_used_megabytes");
      last.forEach(
          (key, value) -> {
            if (key.equals("system/process_cpu_percentage")) {
              // psutil's unit, a share of one CPU: up to 100 per core.
              assertThat(value)
                  .as(key)
                  .isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors());
            } else if (key.endsWith("_percentage")) {
              assertThat(value).as(key).isBetween(0.0, 100.0);
            } else if (key.contains("memory") || key.startsWith("system/disk_usage")) {
              assertThat(value).as(key).isGreaterThan(0.0);
            } else {
              assertThat(value).as(key).isGreaterThanOrEqualTo(0.0);
            }
          });
      assertThat(last.get("system/process_memory_rss_megabytes"))
          .isLessThan(last.get("system/system_memory_usage_megabytes") * 10);

      // Step = the sample's index, as MLflow's monitor counts; every sample arrived.
      List<Long> steps =
          server.history(run.id(), "system/cpu_utilization_percentage").stream()
              .map(p -> p.path("step").asLong())
              .sorted()
              .toList();
      assertThat(steps).hasSize((int) samples);
      assertThat(steps.get(0)).isZero();
      assertThat(steps.get(steps.size() - 1)).isEqualTo(samples - 1);

      // A negative can only be seen over time: several intervals later, nothing more came.
      long until = System.nanoTime() + 5 * INTERVAL.toNanos();
      while (System.nanoTime() < until) {
        assertThat(monitor.samples()).isEqualTo(samples);
        LockSupport.parkNanos(INTERVAL.toNanos() / 2);
      }
      assertThat(server.history(run.id(), "system/cpu_utilization_percentage"))
          .hasSize(steps.size());

      assertThat(optedOut.systemMetrics()).isNull();
      assertThat(server.run(optedOut.id()).path("data").path("metrics"))
          .extracting(m -> m.path("key").asText())
          .containsExactly("loss");
    }
  }

  @Test
  void theIntervalIsZeroOrAtLeast100Milliseconds() {
    assertThatThrownBy(() -> Galley.builder().systemMetricsInterval(Duration.ofMillis(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("systemMetricsInterval must be zero (off) or at least 100 ms");
    assertThat(Galley.builder().build().systemMetricsInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  private static Map<String, Double> systemMetrics(LiveServer server, String runId) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode m : server.run(runId).path("data").path("metrics")) {
      if (m.path("key").asText().startsWith(SystemMetrics.PREFIX)) {
        out.put(m.path("key").asText(), m.path("value").asDouble());
      }
    }
    return out;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
