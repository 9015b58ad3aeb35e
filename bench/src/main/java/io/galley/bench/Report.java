package io.galley.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a sub-command measured: a few lines for people, then one JSON line for BENCHMARKS.md and
 * scripts (always the last line of stdout, starting with {@code {"bench":}).
 */
record Report(List<String> lines, Map<String, Object> json) {
  Report {
    lines = List.copyOf(lines);
  }

  void print(PrintStream out) {
    lines.forEach(out::println);
    out.println(new String(BenchRequests.json(json), java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
  }
}
