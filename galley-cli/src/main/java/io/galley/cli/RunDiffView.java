package io.galley.cli;

import io.galley.core.diff.Change;
import io.galley.core.diff.ComparedRun;
import io.galley.core.diff.DatasetDiff;
import io.galley.core.diff.LibraryDiff;
import io.galley.core.diff.LibraryDiff.LibraryChange;
import io.galley.core.diff.MetricDiff;
import io.galley.core.diff.RunDiff;
import io.galley.core.diff.ValueDiff;
import io.galley.core.environment.RecordedEnvironment;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code galley runs diff} as tables: the two runs, then one table per section that has rows. */
final class RunDiffView {
  private RunDiffView() {}

  static void print(PrintWriter out, ComparedRun a, ComparedRun b, RunDiff diff, boolean all) {
    TextTable runs = new TextTable("RUN", "ID", "NAME", "ENVIRONMENT");
    runs.row("A", a.runId(), a.run().info().runName(), RunEnvJson.source(a.environment().source()));
    runs.row("B", b.runId(), b.run().info().runName(), RunEnvJson.source(b.environment().source()));
    runs.print(out);
    boolean any = false;
    any |= values(out, "ATTRIBUTE", diff.run());
    any |= values(out, "PARAM", diff.params());
    any |= metrics(out, diff.metrics());
    any |= values(out, "TAG", diff.tags());
    any |= values(out, "ENVIRONMENT", diff.environment());
    any |= values(out, "GIT", diff.git());
    any |= libraries(out, diff.libraries());
    any |= datasets(out, diff.datasets());
    if (!any) {
      out.println();
      out.println(
          all
              ? "Nothing to compare."
              : "No differences. (--all lists identical items, and names, times and system"
                  + " metrics.)");
    }
    notes(out, a, "A", "B");
    notes(out, b, "B", "A");
    if (diff.libraries().stream().anyMatch(l -> l.change() == LibraryChange.CONTENT_CHANGED)) {
      out.println();
      out.println(
          "content changed: the same version with other bytes (sha256): a rebuilt snapshot, a"
              + " patched or re-published jar.");
    }
  }

  private static boolean values(PrintWriter out, String section, List<ValueDiff> diffs) {
    TextTable t = new TextTable(section, "CHANGE", "A", "B");
    diffs.forEach(d -> t.row(d.key(), change(d.change()), dash(d.a()), dash(d.b())));
    return printed(out, t);
  }

  private static boolean metrics(PrintWriter out, List<MetricDiff> diffs) {
    TextTable t = new TextTable("METRIC", "CHANGE", "A", "B", "DELTA");
    for (MetricDiff d : diffs) {
      Double delta = d.delta();
      t.row(
          d.key(),
          change(d.change()),
          number(d.a()),
          number(d.b()),
          delta == null ? "-" : (delta > 0 ? "+" : "") + Formats.number(delta));
    }
    return printed(out, t);
  }

  private static boolean libraries(PrintWriter out, List<LibraryDiff> diffs) {
    TextTable t = new TextTable("LIBRARY", "CHANGE", "A", "B");
    for (LibraryDiff d : diffs) {
      boolean inA = d.change() != LibraryChange.ADDED;
      boolean inB = d.change() != LibraryChange.REMOVED;
      t.row(
          d.name(),
          d.change().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          inA ? library(d.versionA(), d.sha256A()) : "-",
          inB ? library(d.versionB(), d.sha256B()) : "-");
    }
    return printed(out, t);
  }

  private static boolean datasets(PrintWriter out, List<DatasetDiff> diffs) {
    TextTable t = new TextTable("DATASET", "CHANGE", "A", "B");
    for (DatasetDiff d : diffs) {
      t.row(
          d.key(),
          change(d.change()),
          dataset(d.change() != Change.ONLY_B, d.digestA(), d.contentDigestA()),
          dataset(d.change() != Change.ONLY_A, d.digestB(), d.contentDigestB()));
    }
    return printed(out, t);
  }

  private static void notes(PrintWriter out, ComparedRun run, String self, String other) {
    if (run.environment().source() == RecordedEnvironment.Source.NONE) {
      out.println();
      out.println(
          "Run "
              + self
              + " recorded no environment: environment, git and library items show as only in "
              + other
              + ".");
    }
  }

  static String change(Change c) {
    return switch (c) {
      case SAME -> "same";
      case CHANGED -> "changed";
      case ONLY_A -> "only in A";
      case ONLY_B -> "only in B";
    };
  }

  /** {@code 2.19.2 3f2a9b1c0d4e}: the version and the first 12 hex digits of the jar's sha256. */
  static String library(@Nullable String version, @Nullable String sha256) {
    String hash = sha256 == null ? null : sha256.substring(0, Math.min(12, sha256.length()));
    if (version == null) {
      return hash == null ? "?" : hash;
    }
    return hash == null ? version : version + " " + hash;
  }

  /** MLflow's digest, then the content digest cut to 12 hex digits. */
  static String dataset(boolean present, @Nullable String digest, @Nullable String content) {
    if (!present) {
      return "-";
    }
    String shown = dash(digest);
    if (content != null) {
      int colon = content.indexOf(':');
      shown += " " + content.substring(0, Math.min(content.length(), colon + 1 + 12));
    }
    return shown;
  }

  private static boolean printed(PrintWriter out, TextTable t) {
    if (t.isEmpty()) {
      return false;
    }
    out.println();
    t.print(out);
    return true;
  }

  private static String number(@Nullable Double v) {
    return v == null ? "-" : Formats.number(v);
  }

  private static String dash(@Nullable String s) {
    return s == null ? "-" : s;
  }
}
