package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley gc}: asks the server to delete blobs no run references any more. The server does
 * the work; this verb sends the options and prints the report.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Delete stored files (blobs) that no run's artifacts refer to any more.",
      "Blobs stored within the grace period are kept, and so are those an upload in flight holds."
    })
final class GcCommand implements Callable<Integer> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)([smhd]?)");

  @Mixin TrackingOptions tracking;

  @Option(names = "--dry-run", description = "Only report what would be deleted.")
  boolean dryRun;

  @Option(
      names = "--grace",
      defaultValue = "1h",
      description =
          "Keep blobs stored more recently than this: 90s, 30m, 1h, 2d or 0"
              + " (default ${DEFAULT-VALUE}). Uploads in flight are safe at any grace, 0 included.")
  String grace = "1h";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long graceSeconds = parseGrace(grace).toSeconds();
    JsonNode report = ApiTrees.tree(tracking.client().gc(dryRun, graceSeconds));
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(report.toPrettyString());
      out.flush();
      return 0;
    }
    boolean dry = report.path("dry_run").asBoolean();
    TextTable table = new TextTable("BLOBS", "COUNT", "SIZE");
    table.row("scanned", report.path("scanned").asText(), "");
    table.row("referenced (kept)", report.path("referenced").asText(), "");
    table.row(
        "unreferenced, younger than " + grace + " (kept)", report.path("kept_young").asText(), "");
    table.row("unreferenced, held by an upload (kept)", report.path("kept_in_use").asText(), "");
    table.row(
        dry ? "unreferenced (would delete)" : "unreferenced (deleted)",
        report.path("deleted").asText(),
        bytes(report.path("bytes_freed").asLong()));
    table.row(
        dry
            ? "temp files of cut-off uploads (would delete)"
            : "temp files of cut-off uploads (deleted)",
        report.path("temp_files_reclaimed").asText(),
        bytes(report.path("temp_bytes_reclaimed").asLong()));
    table.print(out);
    out.println(
        (dry ? "Dry run: would free " : "Freed ")
            + bytes(report.path("bytes_freed").asLong())
            + ".");
    out.flush();
    return 0;
  }

  /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, a bare number of seconds, or ISO-8601. */
  static Duration parseGrace(String text) {
    return parseDuration(text, "--grace");
  }

  /** As {@link #parseGrace}, naming {@code option} in the usage error. */
  static Duration parseDuration(String text, String option) {
    Matcher m = SIMPLE.matcher(text.trim().toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
      }
      Duration d = Duration.parse(text);
      if (!d.isNegative()) {
        return d;
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      // fall through to the usage error
    }
    throw new CliUsageException(
        option + " must be a duration such as 90s, 30m, 1h, 2d or 0, got '" + text + "'");
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
