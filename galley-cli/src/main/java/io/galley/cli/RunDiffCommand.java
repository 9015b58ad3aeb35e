package io.galley.cli;

import io.galley.client.GalleyClient;
import io.galley.core.diff.ComparedRun;
import io.galley.core.diff.RunDiff;
import io.galley.core.tracking.Run;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley runs diff RUN_A RUN_B}: what differs between two runs. The comparison is {@link
 * RunDiff}, in galley-core, so that the web UI and {@code repro} compare exactly alike; this verb
 * only fetches the runs and renders the result. Exit code 0 whether or not they differ.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Show what differs between two runs: params, metrics, tags, environment, git, libraries"
            + " and datasets.")
final class RunDiffCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "Run id of the first run.")
  String runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "Run id of the second run.")
  String runB;

  @Option(
      names = "--all",
      description =
          "Also list identical items, and those that differ between any two runs (run names,"
              + " times, system/* metrics).")
  boolean all;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GalleyClient client = tracking.client();
    ComparedRun a = load(client, runA);
    ComparedRun b = load(client, runB);
    RunDiff diff = RunDiff.between(a, b);
    RunDiff shown = all ? diff : diff.differencesOnly();
    PrintWriter out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(RunDiffJson.of(a, b, shown, diff.hasDifferences()).toPrettyString());
    } else {
      RunDiffView.print(out, a, b, shown, all);
    }
    out.flush();
    return 0;
  }

  private static ComparedRun load(GalleyClient client, String runId) {
    Run run = client.getRun(runId).toRun();
    return new ComparedRun(run, client.recordedEnvironment(run.info().runId(), run.data().tags()));
  }
}
