package io.galley.cli;

import picocli.CommandLine.Option;

/** The {@code --experiment NAME} that verbs about one experiment's runs share. */
final class ExperimentOption {
  @Option(
      names = {"-e", "--experiment"},
      required = true,
      description = "Experiment name.")
  String name;

  /** The experiment's id, looked up by name on the server. */
  String id(TrackingClient client) {
    return client.experimentByName(name).path("experiment_id").asText();
  }
}
