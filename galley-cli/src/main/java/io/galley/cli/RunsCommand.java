package io.galley.cli;

import picocli.CommandLine.Command;

/** {@code galley runs}: look at runs, and answer "which was best / worst?". */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List, show, rank and compare runs.",
    subcommands = {
      RunsListCommand.class,
      RunShowCommand.class,
      RunEnvCommand.class,
      RunDiffCommand.class,
      RunsRankCommand.Best.class,
      RunsRankCommand.Worst.class
    })
final class RunsCommand {}
