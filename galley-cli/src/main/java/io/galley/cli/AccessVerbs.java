package io.galley.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** What the users and tokens verbs share: reading a password without echoing it. */
final class AccessVerbs {
  private AccessVerbs() {}

  /** The first line of standard input with {@code --password-stdin}, else asked on the console. */
  static String password(boolean fromStdin, String prompt) {
    if (fromStdin) {
      try {
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new CliUsageException("--password-stdin: standard input held no password");
        }
        return line;
      } catch (IOException e) {
        throw new CliUsageException("--password-stdin: cannot read standard input");
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliUsageException(
          "No terminal to ask for the password on: pipe it in with --password-stdin");
    }
    char[] typed = console.readPassword("%s", prompt);
    if (typed == null || typed.length == 0) {
      throw new CliUsageException("No password given");
    }
    return new String(typed);
  }
}
