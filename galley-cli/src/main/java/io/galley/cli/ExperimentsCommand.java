package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code galley experiments}: list what is being tracked. */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = "List experiments.",
    subcommands = {ExperimentsCommand.Ls.class})
final class ExperimentsCommand {

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List experiments.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(names = "--all", description = "Include deleted experiments.")
    boolean all;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode result =
          ApiTrees.tree(
              tracking
                  .client()
                  .searchExperiments(
                      all ? "ALL" : "ACTIVE_ONLY", 50000, List.of("name ASC"), null));
      var out = spec.commandLine().getOut();
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(result.path("experiments").toPrettyString());
        out.flush();
        return 0;
      }
      TextTable table = new TextTable("ID", "NAME", "STAGE", "CREATED", "ARTIFACT LOCATION");
      for (JsonNode e : result.path("experiments")) {
        table.row(
            e.path("experiment_id").asText(),
            e.path("name").asText(),
            e.path("lifecycle_stage").asText(),
            Formats.time(e.path("creation_time")),
            e.path("artifact_location").asText());
      }
      table.print(out);
      return 0;
    }
  }
}
