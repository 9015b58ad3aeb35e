package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code galley base ...}: the base image model images are built on when no --from is given. */
@Command(
    name = "base",
    mixinStandardHelpOptions = true,
    description = "Galley's own base image, made from the server's JDK (galley/java:FEATURE).",
    subcommands = {BaseCommand.Build.class, CommandLine.HelpCommand.class})
final class BaseCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code galley base build [--rebuild]}: the server makes (or keeps) its base. */
  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Make Galley's base image from the server's JDK, reproducibly, into its registry: a"
            + " jlinked runtime, the libraries it links against, a non-root user, CA certificates"
            + " and time zones. A base already stored is kept unless --rebuild.",
        "galley build makes it on first use too; this verb makes it ahead of time, or checks that"
            + " a rebuild gives the stored digest."
      })
  static final class Build implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(names = "--rebuild", description = "Write the base again even when it is stored.")
    boolean rebuild;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      long started = System.nanoTime();
      JsonNode base = tracking.client().buildBase(rebuild, e -> BuildCommand.progress(err, e));
      String ref = tracking.imageRef(base);
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(base.toPrettyString());
      } else {
        out.printf(
            "%s %s (%s, %s) in %.1f s%n",
            base.path("kept").asBoolean() ? "Kept" : "Built",
            ref,
            base.path("digest").asText(),
            GcCommand.bytes(base.path("size").asLong()),
            (System.nanoTime() - started) / 1e9);
      }
      out.flush();
      return 0;
    }
  }
}
