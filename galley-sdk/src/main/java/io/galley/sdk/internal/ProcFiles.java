package io.galley.sdk.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Linux's {@code /proc} files behind the system metrics, parsed as psutil (and so MLflow) reads
 * them. Each parser takes the file's text, so that tests feed it captured samples; each reader is
 * empty where the file is not there (macOS, Windows) or cannot be read.
 */
final class ProcFiles {
  static final Path STAT = Path.of("/proc/stat");
  static final Path MEMINFO = Path.of("/proc/meminfo");
  static final Path SELF_STATUS = Path.of("/proc/self/status");
  static final Path NET_DEV = Path.of("/proc/net/dev");

  /** The aggregate CPU times of {@code /proc/stat}'s first line, in clock ticks. */
  record CpuTimes(long total, long idle) {
    /** Busy share of the time between {@code earlier} and this, 0–100; -1 when no time passed. */
    double utilizationSince(CpuTimes earlier) {
      long dt = total - earlier.total;
      long di = idle - earlier.idle;
      return dt <= 0 ? -1 : Math.max(0, Math.min(100, 100.0 * (dt - di) / dt));
    }
  }

  private ProcFiles() {}

  static @Nullable String read(Path file) {
    try {
      return Files.isReadable(file) ? Files.readString(file) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}: psutil counts idle
   * and iowait as not busy, and leaves out guest time, which user time already holds.
   */
  static @Nullable CpuTimes cpuTimes(String stat) {
    String first = stat.lines().findFirst().orElse("");
    if (!first.startsWith("cpu ")) {
      return null;
    }
    String[] f = first.substring(4).strip().split("\\s+");
    long total = 0;
    for (int i = 0; i < Math.min(f.length, 8); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[3]) + (f.length > 4 ? Long.parseLong(f[4]) : 0);
    return new CpuTimes(total, idle);
  }

  /** A {@code Name: 1234 kB} field of {@code /proc/meminfo} or {@code /proc/self/status}. */
  static OptionalLong field(String text, String name) {
    String prefix = name + ":";
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).strip().split("\\s+"))
        .map(v -> OptionalLong.of(Long.parseLong(v[0]) * (v.length > 1 ? unit(v[1]) : 1)))
        .orElse(OptionalLong.empty());
  }

  private static long unit(String suffix) {
    return suffix.equalsIgnoreCase("kB") ? 1024 : 1;
  }

  /**
   * Bytes received and sent over every interface since boot (loopback included, as psutil's {@code
   * net_io_counters} counts them): {@code [received, transmitted]}.
   */
  static long @Nullable [] networkBytes(String netDev) {
    long rx = 0;
    long tx = 0;
    boolean any = false;
    for (String line : netDev.lines().toList()) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) {
        continue;
      }
      String[] f = line.substring(colon + 1).strip().split("\\s+");
      if (f.length < 9) {
        continue;
      }
      rx += Long.parseLong(f[0]);
      tx += Long.parseLong(f[8]);
      any = true;
    }
    return any ? new long[] {rx, tx} : null;
  }
}
