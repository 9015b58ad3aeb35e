package io.galley.sdk.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One run's samples of the machine's and this JVM's load, under MLflow's system metric names (the
 * {@code system/} prefix is the caller's). Rates (CPU) are over the time since the previous sample,
 * the first one since construction, so no sample reports the meaningless "since boot" average.
 * Units are MLflow's: megabytes of 10⁶ bytes; {@code process_cpu_percentage} is psutil's, a share
 * of one CPU (a JVM busy on four cores reports 400).
 *
 * <p>Linux reads {@code /proc}; elsewhere the {@code com.sun.management} MXBean stands in where it
 * can, and what neither knows is left out. Not thread-safe: one scheduler thread calls it.
 */
final class SystemSampler {
  private static final double MB = 1e6;

  private final com.sun.management.@Nullable OperatingSystemMXBean os;
  private final @Nullable Path diskRoot;
  private boolean gpus;
  private ProcFiles.@Nullable CpuTimes lastCpu;
  private long lastProcessCpuNanos;
  private long lastWallNanos;
  private long memoryTotal; // of the latest sample, for the process's share

  SystemSampler(boolean gpus) {
    this.os =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun
            : null;
    // MLflow measures the disk of os.sep: the root file system, or the working drive on Windows.
    this.diskRoot = Path.of(System.getProperty("user.dir")).toAbsolutePath().getRoot();
    this.gpus = gpus;
    this.lastCpu = cpuTimes();
    this.lastProcessCpuNanos = processCpuNanos();
    this.lastWallNanos = System.nanoTime();
  }

  /** One sample: metric name (without {@code system/}) to value, in a stable order. */
  Map<String, Double> sample() {
    Map<String, Double> m = new LinkedHashMap<>();
    cpu(m);
    memory(m);
    disk(m);
    network(m);
    process(m);
    if (gpus) {
      Optional<Map<String, Double>> gpu = NvidiaSmi.query();
      // A failing nvidia-smi (no driver) would fail every time: stop asking rather than spawn it.
      gpu.ifPresentOrElse(m::putAll, () -> gpus = false);
    }
    return m;
  }

  private void cpu(Map<String, Double> m) {
    ProcFiles.CpuTimes now = cpuTimes();
    if (now != null && lastCpu != null) {
      double busy = now.utilizationSince(lastCpu);
      if (busy >= 0) {
        m.put("cpu_utilization_percentage", busy);
      }
      lastCpu = now;
    } else if (os != null && os.getCpuLoad() >= 0) {
      m.put("cpu_utilization_percentage", 100 * os.getCpuLoad());
    }
  }

  /** Used = total minus what the kernel could hand out now (MemAvailable), as psutil's percent. */
  private void memory(Map<String, Double> m) {
    String meminfo = ProcFiles.read(ProcFiles.MEMINFO);
    long total = -1;
    long available = -1;
    if (meminfo != null) {
      total = ProcFiles.field(meminfo, "MemTotal").orElse(-1);
      available = ProcFiles.field(meminfo, "MemAvailable").orElse(-1);
    }
    if ((total <= 0 || available < 0) && os != null) {
      total = os.getTotalMemorySize();
      available = os.getFreeMemorySize();
    }
    memoryTotal = total;
    if (total > 0 && available >= 0) {
      m.put("system_memory_usage_megabytes", (total - available) / MB);
      m.put("system_memory_usage_percentage", 100.0 * (total - available) / total);
    }
  }

  /** As psutil's disk_usage: used = blocks - free, percent of what a user could fill. */
  private void disk(Map<String, Double> m) {
    if (diskRoot == null) {
      return;
    }
    try {
      FileStore store = Files.getFileStore(diskRoot);
      long used = store.getTotalSpace() - store.getUnallocatedSpace();
      long usable = store.getUsableSpace();
      m.put("disk_usage_megabytes", used / MB);
      m.put("disk_available_megabytes", usable / MB);
      if (used + usable > 0) {
        m.put("disk_usage_percentage", 100.0 * used / (used + usable));
      }
    } catch (IOException | RuntimeException e) {
      // a root that vanished or refuses statfs: no disk metrics this time
    }
  }

  private void network(Map<String, Double> m) {
    String netDev = ProcFiles.read(ProcFiles.NET_DEV);
    long[] bytes = netDev == null ? null : ProcFiles.networkBytes(netDev);
    if (bytes != null) {
      m.put("network_receive_megabytes", bytes[0] / MB);
      m.put("network_transmit_megabytes", bytes[1] / MB);
    }
  }

  private void process(Map<String, Double> m) {
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    if (cpu >= 0 && lastProcessCpuNanos >= 0 && wall > lastWallNanos) {
      m.put("process_cpu_percentage", 100.0 * (cpu - lastProcessCpuNanos) / (wall - lastWallNanos));
    }
    lastProcessCpuNanos = cpu;
    lastWallNanos = wall;
    String status = ProcFiles.read(ProcFiles.SELF_STATUS);
    if (status != null) {
      OptionalLong rss = ProcFiles.field(status, "VmRSS");
      rss.ifPresent(b -> m.put("process_memory_rss_megabytes", b / MB));
      ProcFiles.field(status, "VmSize")
          .ifPresent(b -> m.put("process_memory_vms_megabytes", b / MB));
      if (rss.isPresent() && memoryTotal > 0) {
        m.put("process_memory_percentage", 100.0 * rss.getAsLong() / memoryTotal);
      }
      ProcFiles.field(status, "Threads").ifPresent(n -> m.put("process_threads", (double) n));
    } else {
      m.put("process_threads", (double) ManagementFactory.getThreadMXBean().getThreadCount());
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      m.put("process_open_files", (double) unix.getOpenFileDescriptorCount());
    }
    // Not MLflow's: a JVM's RSS says little about its heap, which is what training code fills.
    m.put(
        "process_jvm_heap_used_megabytes",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB);
  }

  private static ProcFiles.@Nullable CpuTimes cpuTimes() {
    String stat = ProcFiles.read(ProcFiles.STAT);
    try {
      return stat == null ? null : ProcFiles.cpuTimes(stat);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private long processCpuNanos() {
    return os == null ? -1 : os.getProcessCpuTime();
  }
}
