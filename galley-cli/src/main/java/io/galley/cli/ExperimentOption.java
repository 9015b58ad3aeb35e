package io.galley.cli;

import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.mlflow.ExperimentJson;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --experiment NAME|ID} that verbs about one experiment's runs share. */
final class ExperimentOption {
  private static final int NAMES_FOR_SUGGESTIONS = 1000;

  @Option(
      names = {"-e", "--experiment"},
      required = true,
      description = "Experiment name, or id.")
  String name;

  /**
   * The experiment's id: by name first (a name may be all digits), then as an id; else a failure
   * that names the closest experiments.
   */
  String id(GalleyClient client) {
    Optional<ExperimentJson> byName = client.findExperimentByName(name);
    if (byName.isPresent()) {
      return byName.get().experimentId();
    }
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      try {
        return client.getExperiment(name).experimentId();
      } catch (GalleyApiException e) {
        if (e.httpStatus() != 404) {
          throw e;
        }
      }
    }
    List<String> known =
        client
            .searchExperiments("ACTIVE_ONLY", NAMES_FOR_SUGGESTIONS, List.of(), null)
            .experiments()
            .stream()
            .map(ExperimentJson::name)
            .toList();
    throw new CliFailureException(
        "No experiment named '"
            + name
            + "'"
            + ClosestNames.didYouMean(name, known)
            + " (galley experiments ls lists them)");
  }
}
