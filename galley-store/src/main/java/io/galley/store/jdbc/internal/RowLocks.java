package io.galley.store.jdbc.internal;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.TrackingLimits;
import io.galley.core.tracking.ViewType;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Finds and locks the experiment and run rows that every operation starts from, with MLflow's
 * errors when one is missing or not active. A write locks its run's (or experiment's) row first, so
 * that writers to one run take turns on both databases without vendor-specific SQL.
 */
public final class RowLocks {
  public static final String ACTIVE = LifecycleStage.ACTIVE.wireName();
  public static final String DELETED = LifecycleStage.DELETED.wireName();

  private RowLocks() {}

  public static long experimentId(String experimentId) {
    TrackingLimits.validateExperimentId(experimentId);
    return parseId(experimentId).orElseThrow(() -> experimentNotFound(experimentId));
  }

  public static Optional<Long> parseId(String id) {
    try {
      return Optional.of(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static NotFoundException experimentNotFound(String experimentId) {
    return new NotFoundException("Experiment with id '" + experimentId + "' does not exist.");
  }

  static NotFoundException runNotFound(String runId) {
    return new NotFoundException("Run with id=" + runId + " not found");
  }

  public static Optional<Experiment> loadExperiment(Handle h, long id, String experimentId) {
    return Rows.experiments(
            h, new Sql().append("SELECT e.* FROM experiments e WHERE e.experiment_id = ?", id))
        .stream()
        .findFirst();
  }

  /** Locks an experiment's row for the transaction and returns its lifecycle stage. */
  public static String lockExperiment(Handle h, long id, String experimentId) {
    return h.createQuery(
            "SELECT lifecycle_stage FROM experiments WHERE experiment_id = ? FOR UPDATE")
        .bind(0, id)
        .mapTo(String.class)
        .findOne()
        .orElseThrow(() -> experimentNotFound(experimentId));
  }

  public static void checkExperimentActive(String experimentId, String stage) {
    if (!stage.equals(ACTIVE)) {
      throw new InvalidRequestException(
          "The experiment "
              + experimentId
              + " must be in the 'active' state. Current state is "
              + stage
              + ".");
    }
  }

  /** Locks a run's row for the transaction and returns its lifecycle stage. */
  public static String lockRun(Handle h, String runId) {
    return h.createQuery("SELECT lifecycle_stage FROM runs WHERE run_uuid = ? FOR UPDATE")
        .bind(0, runId)
        .mapTo(String.class)
        .findOne()
        .orElseThrow(() -> runNotFound(runId));
  }

  public static String lookupRunStage(Handle h, String runId) {
    return h.createQuery("SELECT lifecycle_stage FROM runs WHERE run_uuid = ?")
        .bind(0, runId)
        .mapTo(String.class)
        .findOne()
        .orElseThrow(() -> runNotFound(runId));
  }

  public static void checkRunActive(String runId, String stage) {
    if (!stage.equals(ACTIVE)) {
      throw new InvalidRequestException(
          "The run " + runId + " must be in the 'active' state. Current state is " + stage + ".");
    }
  }

  public static RunInfo loadRunInfo(Handle h, String runId) {
    return h.createQuery("SELECT " + Rows.RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = ?")
        .bind(0, runId)
        .map((rs, ctx) -> Rows.runInfo(rs))
        .findOne()
        .orElseThrow(() -> runNotFound(runId));
  }

  /** The lifecycle stages a view shows. */
  public static List<String> stages(ViewType viewType) {
    return switch (viewType) {
      case ACTIVE_ONLY -> List.of(ACTIVE);
      case DELETED_ONLY -> List.of(DELETED);
      case ALL -> List.of(ACTIVE, DELETED);
    };
  }
}
