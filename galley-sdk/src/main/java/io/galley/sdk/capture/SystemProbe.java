package io.galley.sdk.capture;

import static io.galley.core.environment.Environment.CPU_COUNT;
import static io.galley.core.environment.Environment.CPU_MODEL;
import static io.galley.core.environment.Environment.GPU_COUNT;
import static io.galley.core.environment.Environment.GPU_DRIVER;
import static io.galley.core.environment.Environment.HOST_NAME;
import static io.galley.core.environment.Environment.MEMORY_MAX_HEAP_BYTES;
import static io.galley.core.environment.Environment.MEMORY_TOTAL_BYTES;

import io.galley.sdk.internal.Commands;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The machine: CPU, memory, NVIDIA GPUs and host name, each found the cheapest way there is. */
final class SystemProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private SystemProbe() {}

  static void cpu(Map<String, String> props) {
    props.put(CPU_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
    String model = cpuModel();
    if (model != null) {
      props.put(CPU_MODEL, model);
    }
  }

  private static @Nullable String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (var lines = Files.lines(cpuinfo)) {
        return lines
            .filter(l -> l.startsWith("model name") || l.startsWith("Model"))
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .findFirst()
            .orElse(null);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    if (System.getProperty("os.name", "").startsWith("Mac")) {
      return Commands.run(Path.of("."), TIMEOUT, "sysctl", "-n", "machdep.cpu.brand_string")
          .orElse(null);
    }
    return System.getenv("PROCESSOR_IDENTIFIER"); // Windows
  }

  static void memory(Map<String, String> props) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      props.put(MEMORY_TOTAL_BYTES, Long.toString(sun.getTotalMemorySize()));
    }
    props.put(MEMORY_MAX_HEAP_BYTES, Long.toString(Runtime.getRuntime().maxMemory()));
  }

  /** GPUs as {@code nvidia-smi} lists them: {@code gpu.count}, {@code gpu.<i>.name}, …. */
  static void gpus(Map<String, String> props, String path, List<String> notes) {
    if (Commands.onPath("nvidia-smi", path).isEmpty()) {
      notes.add("gpu: nvidia-smi is not on the PATH; GPUs, if any, are not recorded");
      return;
    }
    Optional<String> csv =
        Commands.run(
            Path.of("."),
            TIMEOUT,
            "nvidia-smi",
            "--query-gpu=name,memory.total,driver_version",
            "--format=csv,noheader");
    if (csv.isEmpty()) {
      notes.add("gpu: nvidia-smi failed (no driver loaded?)");
      return;
    }
    List<String> rows = csv.get().lines().filter(l -> !l.isBlank()).toList();
    props.put(GPU_COUNT, Integer.toString(rows.size()));
    for (int i = 0; i < rows.size(); i++) {
      String[] cols = rows.get(i).split(",\\s*");
      props.put("gpu." + i + ".name", cols[0].strip());
      if (cols.length > 1) {
        props.put("gpu." + i + ".memory", cols[1].strip());
      }
      if (cols.length > 2) {
        props.put(GPU_DRIVER, cols[2].strip());
      }
    }
  }

  /** The kernel's host name first: a DNS lookup may hang where there is no DNS. */
  static void host(Map<String, String> props, Map<String, String> env) {
    String name = null;
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    if (Files.isReadable(kernel)) {
      try {
        name = Files.readString(kernel).strip();
      } catch (IOException e) {
        name = null;
      }
    }
    if (name == null || name.isEmpty()) {
      name = env.getOrDefault("HOSTNAME", env.get("COMPUTERNAME"));
    }
    if (name == null || name.isEmpty()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = null;
      }
    }
    if (name != null && !name.isEmpty()) {
      props.put(HOST_NAME, name);
    }
  }
}
