package io.galley.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** MLflow model directories for the tests, written as MLflow writes MLmodel. */
final class ModelDirs {
  private ModelDirs() {}

  /** A {@code test_sum} model with these signature inputs (MLflow's JSON text of the schema). */
  static Path sum(Path dir, String inputsJson, String extraAttributes) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("MLmodel"),
        "artifact_path: model\n"
            + "flavors:\n"
            + "  python_function:\n"
            + "    loader_module: mlflow.pyfunc.model\n"
            + "  test_sum:\n"
            + "    kind: sum\n"
            + extraAttributes
            + "model_uuid: 0badaf06aa254da9811188d6c060a176\n"
            + "run_id: 8f61417c580541cb84d88586a3a1a44a\n"
            + "signature:\n"
            + "  inputs: '"
            + inputsJson.replace("'", "''")
            + "'\n"
            + "  outputs: null\n"
            + "  params: null\n"
            + "utc_time_created: '2024-07-25 22:31:01.090420'\n");
    return dir;
  }

  /** Columns a (double), b (long), c (long, optional). */
  static Path columns(Path dir) throws IOException {
    return sum(
        dir,
        "[{\"type\": \"double\", \"name\": \"a\", \"required\": true},"
            + " {\"type\": \"long\", \"name\": \"b\", \"required\": true},"
            + " {\"type\": \"long\", \"name\": \"c\", \"required\": false}]",
        "");
  }

  /** One unnamed float32 tensor of shape (-1, 3). */
  static Path tensor(Path dir) throws IOException {
    return sum(
        dir,
        "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 3]}}]",
        "");
  }
}
