package io.galley.server.mlflow;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.TrackingStore;
import java.util.List;
import java.util.Optional;

/** Runs' artifact trees as MLflow's handlers see them: run checks, listings, file lookups. */
final class RunArtifacts {
  private final TrackingStore tracking;
  private final ArtifactIndex index;

  RunArtifacts(TrackingStore tracking, ArtifactIndex index) {
    this.tracking = tracking;
    this.index = index;
  }

  /** The run the location names, which must belong to the location's experiment. */
  RunInfo run(ArtifactLocation at) {
    RunInfo run = tracking.getRun(at.runId()).info();
    if (!run.experimentId().equals(at.experimentId())) {
      throw new NotFoundException(
          "Run '" + at.runId() + "' not found in experiment '" + at.experimentId() + "'");
    }
    return run;
  }

  /** As {@link #run}, for a write: the run must also be active, as MLflow requires. */
  RunInfo activeRun(ArtifactLocation at) {
    RunInfo run = run(at);
    if (run.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw new InvalidRequestException(
          "The run "
              + run.runId()
              + " must be in the 'active' state. Current state is "
              + run.lifecycleStage().wireName()
              + ".");
    }
    return run;
  }

  /** The run, or empty when it does not exist or belongs to another experiment. */
  Optional<RunInfo> findRun(ArtifactLocation at) {
    try {
      return Optional.of(run(at));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The direct children of {@code dir}; nothing for a file or a missing directory. */
  List<FileInfo> children(String runId, ArtifactPath dir) {
    return index.list(runId, dir);
  }

  Artifact file(String runId, ArtifactPath path) {
    return index
        .find(runId, path)
        .orElseThrow(
            () -> new NotFoundException("No artifact '" + path + "' in run '" + runId + "'"));
  }

  /** The last segment of a listed entry's path, whichever root the index made it relative to. */
  static String name(FileInfo entry) {
    return entry.path().substring(entry.path().lastIndexOf('/') + 1);
  }
}
