package io.galley.client.mlflow;

import io.galley.core.tracking.Param;

/** MLflow's {@code Param}. */
public record ParamJson(String key, String value) {
  public static ParamJson of(Param param) {
    return new ParamJson(param.key(), param.value());
  }

  /** The core record this message carries. */
  public Param toParam() {
    return new Param(key, value);
  }
}
