package io.galley.core.environment;

/**
 * The run tags environment capture writes: MLflow's source tags, which MLflow's own clients set
 * too, and Galley's {@code galley.env.*}. Stable: stored runs carry them.
 */
public final class EnvironmentTagKeys {
  /** {@code galley.env.<property>} = value, e.g. {@code galley.env.java.version}. */
  public static final String PREFIX = "galley.env.";

  /** {@code galley.env.lib.<groupId>/<artifactId>} = version (tag keys allow no ':'). */
  public static final String LIBRARY_PREFIX = PREFIX + "lib.";

  public static final String GIT_DIRTY = PREFIX + "git.dirty";

  /** Set when the run's environment.json could not be uploaded; the tags hold what there is. */
  public static final String ARTIFACTS_SKIPPED = PREFIX + "artifacts-skipped";

  public static final String MLFLOW_GIT_PREFIX = "mlflow.source.git.";
  public static final String MLFLOW_GIT_COMMIT = MLFLOW_GIT_PREFIX + "commit";
  public static final String MLFLOW_GIT_BRANCH = MLFLOW_GIT_PREFIX + "branch";
  public static final String MLFLOW_GIT_REPO_URL = MLFLOW_GIT_PREFIX + "repoURL";
  public static final String MLFLOW_USER = "mlflow.user";
  public static final String MLFLOW_SOURCE_NAME = "mlflow.source.name";

  private EnvironmentTagKeys() {}
}
