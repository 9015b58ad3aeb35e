package io.galley.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the galley command in-process, built as {@code main} builds it for these arguments, and
 * keeps what it printed and its exit code.
 */
record CliRunner(int exitCode, String out, String err) {

  static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        GalleyCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args)
            .execute(args);
    return new CliRunner(code, out.toString(), err.toString());
  }

  /**
   * The rows under the first header line of {@link #out} that starts with {@code header}, up to the
   * next blank line, split into cells where columns are apart (three spaces or more: a cell holds
   * single spaces only), so that tests compare cells without hard-coding column widths.
   */
  List<List<String>> table(String header) {
    List<List<String>> rows = new ArrayList<>();
    boolean in = false;
    for (String line : out.lines().toList()) {
      if (!in) {
        in = line.startsWith(header + "   ");
        continue;
      }
      if (line.isBlank()) {
        break;
      }
      rows.add(Arrays.asList(line.split(" {3,}")));
    }
    return rows;
  }
}
