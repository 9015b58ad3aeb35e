package io.galley.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunFileUriTest {

  @ParameterizedTest
  @CsvSource({
    "runs:/abc/model, abc, model",
    "runs:/abc/model/MLmodel, abc, model/MLmodel",
    "runs:/abc, abc, ''",
    "runs:/abc/, abc, ''",
    "mlflow-artifacts:/1/abc/artifacts/data/iris.csv, abc, data/iris.csv",
    "mlflow-artifacts:/1/abc/artifacts, abc, ''",
    "mlflow-artifacts://127.0.0.1:7070/1/abc/artifacts/m, abc, m",
    "mlflow-artifacts:///1/abc/artifacts/m, abc, m",
  })
  void parsesBothForms(String uri, String runId, String path) {
    assertThat(RunFileUri.parse(uri)).contains(new RunFileUri(runId, ArtifactPath.parse(path)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://bucket/model",
        "/tmp/model",
        "file:///tmp/model",
        "models:/iris/1",
        "mlflow-artifacts:/1/abc/model",
        "runs:",
        "http://host/runs:/abc/x"
      })
  void otherUrisNameNoRunFiles(String uri) {
    assertThat(RunFileUri.parse(uri)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "runs:/abc/../other/x",
        "runs:/abc//etc/passwd",
        "mlflow-artifacts:/1/abc/artifacts/a/../../b",
        "runs:/abc/a\u0000b"
      })
  void unsafePathsAreRefused(String uri) {
    assertThatThrownBy(() -> RunFileUri.parse(uri)).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @CsvSource({"runs:/abc/model, runs:/abc/model", "mlflow-artifacts:/1/abc/artifacts, runs:/abc"})
  void printsTheRunsForm(String uri, String printed) {
    assertThat(RunFileUri.parse(uri).orElseThrow()).hasToString(printed);
  }
}
