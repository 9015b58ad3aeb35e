package io.galley.sdk.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * NVIDIA GPUs' load from {@code nvidia-smi}, under MLflow's metric names ({@code gpu_<i>_…}). The
 * JVM has no NVML binding, and the command is on the PATH wherever the driver is installed.
 */
final class NvidiaSmi {
  /** The columns {@link #parse} expects, in this order. */
  static final String[] COMMAND = {
    "nvidia-smi",
    "--query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,power.limit",
    "--format=csv,noheader,nounits"
  };

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final double MIB_IN_MB = 1024 * 1024 / 1e6;

  private NvidiaSmi() {}

  /** Whether {@code nvidia-smi} is on {@code path} (the PATH variable's value). */
  static boolean available(String path) {
    return Commands.onPath("nvidia-smi", path).isPresent();
  }

  /** One query; empty when the command fails (no driver loaded, GPU lost, timeout). */
  static Optional<Map<String, Double>> query() {
    return Commands.run(Path.of("."), TIMEOUT, COMMAND).map(NvidiaSmi::parse);
  }

  /**
   * One line per GPU, e.g. {@code 0, 87, 10240, 40960, 250.12, 400.00}. A field the GPU does not
   * report ({@code [N/A]}, {@code [Not Supported]}) leaves out the metrics that need it.
   */
  static Map<String, Double> parse(String csv) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : csv.lines().toList()) {
      String[] f = line.split(",");
      if (f.length < 6) {
        continue;
      }
      Double index = number(f[0]);
      if (index == null) {
        continue;
      }
      String gpu = "gpu_" + index.intValue() + "_";
      Double utilization = number(f[1]);
      Double usedMib = number(f[2]);
      Double totalMib = number(f[3]);
      Double watts = number(f[4]);
      Double limit = number(f[5]);
      if (utilization != null) {
        out.put(gpu + "utilization_percentage", utilization);
      }
      if (usedMib != null) {
        out.put(gpu + "memory_usage_megabytes", usedMib * MIB_IN_MB);
        if (totalMib != null && totalMib > 0) {
          out.put(gpu + "memory_usage_percentage", 100 * usedMib / totalMib);
        }
      }
      if (watts != null) {
        out.put(gpu + "power_usage_watts", watts);
        if (limit != null && limit > 0) {
          out.put(gpu + "power_usage_percentage", 100 * watts / limit);
        }
      }
    }
    return out;
  }

  private static @Nullable Double number(String field) {
    try {
      return Double.valueOf(field.strip());
    } catch (NumberFormatException e) {
      return null; // [N/A], [Not Supported]
    }
  }
}
