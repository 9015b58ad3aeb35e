package io.galley.core.registry;

import io.galley.core.InvalidRequestException;
import java.util.Locale;

/** A model version's stage (deprecated in MLflow in favour of aliases, still used by clients). */
public enum ModelStage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived");

  private final String label;

  ModelStage(String label) {
    this.label = label;
  }

  /** The name MLflow's API uses: {@code None}, {@code Staging}, {@code Production}, ... */
  public String label() {
    return label;
  }

  /** Parses a stage case-insensitively, as MLflow does. */
  public static ModelStage parse(String stage) {
    String wanted = stage.strip().toLowerCase(Locale.ROOT);
    for (ModelStage s : values()) {
      if (s.label.toLowerCase(Locale.ROOT).equals(wanted)) {
        return s;
      }
    }
    throw new InvalidRequestException(
        "Invalid Model Version stage: "
            + stage
            + ". Value must be one of None, Staging, Production, Archived.");
  }
}
