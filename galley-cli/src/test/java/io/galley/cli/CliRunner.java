package io.galley.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the galley command in-process and keeps what it printed and its exit code. */
record CliRunner(int exitCode, String out, String err) {

  static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        GalleyCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new CliRunner(code, out.toString(), err.toString());
  }
}
