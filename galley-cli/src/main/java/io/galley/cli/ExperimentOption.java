package io.galley.cli;

import io.galley.client.GalleyClient;
import picocli.CommandLine.Option;

/** The {@code --experiment NAME} that verbs about one experiment's runs share. */
final class ExperimentOption {
  @Option(
      names = {"-e", "--experiment"},
      required = true,
      description = "Experiment name.")
  String name;

  /** The experiment's id, looked up by name on the server. */
  String id(GalleyClient client) {
    return client.getExperimentByName(name).experimentId();
  }
}
