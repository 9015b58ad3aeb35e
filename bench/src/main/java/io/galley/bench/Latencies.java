package io.galley.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of a set of timed requests, in milliseconds. */
record Latencies(int count, double p50, double p90, double p99, double max, double mean) {

  static Latencies ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new Latencies(
        sorted.length,
        ms(rank(sorted, 0.50)),
        ms(rank(sorted, 0.90)),
        ms(rank(sorted, 0.99)),
        ms(sorted[sorted.length - 1]),
        ms(sum / sorted.length));
  }

  private static double rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(double nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  String human() {
    return String.format(
        "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (mean %.2f ms, n=%d)",
        p50, p90, p99, max, mean, count);
  }

  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", count);
    out.put("p50_ms", p50);
    out.put("p90_ms", p90);
    out.put("p99_ms", p99);
    out.put("max_ms", max);
    out.put("mean_ms", mean);
    return out;
  }
}
