package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;

/** A run's state, with MLflow's names and numbers. */
public enum RunStatus {
  RUNNING(1),
  SCHEDULED(2),
  FINISHED(3),
  FAILED(4),
  KILLED(5);

  private final int number;

  RunStatus(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  /** Accepts the enum name or its proto number, as MLflow's JSON parser does. */
  public static RunStatus parse(String value) {
    for (RunStatus s : values()) {
      if (s.name().equals(value) || Integer.toString(s.number).equals(value)) {
        return s;
      }
    }
    throw new InvalidRequestException(
        "Invalid run status '" + value + "': use RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
  }
}
