package io.galley.client.mlflow;

import io.galley.core.tracking.Dataset;
import org.jspecify.annotations.Nullable;

/** MLflow's {@code Dataset}. */
public record DatasetJson(
    String name,
    String digest,
    String sourceType,
    String source,
    @Nullable String schema,
    @Nullable String profile) {

  public static DatasetJson of(Dataset d) {
    return new DatasetJson(
        d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
  }

  /** The core record this message carries. */
  public Dataset toDataset() {
    return new Dataset(name, digest, sourceType, source, schema, profile);
  }
}
