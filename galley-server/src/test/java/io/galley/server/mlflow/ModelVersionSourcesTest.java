package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source checks and version numbers of model-versions requests, without HTTP or a store. */
class ModelVersionSourcesTest {

  @Test
  void remoteAndRunSourcesPass() {
    for (String source :
        List.of(
            "runs:/0123abcd/model",
            "runs:/0123abcd",
            "mlflow-artifacts:/1/0123abcd/artifacts/model",
            "mlflow-artifacts://host:5000/1/r/artifacts/model/",
            "s3://bucket/path//to/model",
            "gs://bucket",
            "https://host/models/m?version=1#top",
            "models:/iris/3",
            "dbfs:/databricks/mlflow/model")) {
      assertThatCode(() -> ModelVersionSources.check(source)).as(source).doesNotThrowAnyException();
    }
  }

  @Test
  void localPathsFileUrisAndClimbingPathsAreRefused() {
    for (String source :
        List.of(
            "/etc/passwd",
            "relative/model",
            "C:\\models\\m",
            "file:///etc/passwd",
            "FILE:/tmp/m",
            "s3://bucket/a/../b",
            "s3://bucket/./b",
            "s3://bucket/a/%2e%2e/b",
            "s3://bucket/a/%252E%252E/b",
            "s3://bucket/a/%25252e%25252e/b",
            "https://host/a%2f..%2fb",
            "https://host/a+..%2F+b/..",
            "s3://bucket/a%00b",
            "runs:model",
            "runs:/abc/../../etc")) {
      assertThatThrownBy(() -> ModelVersionSources.check(source))
          .as(source)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("Invalid model version source: '");
    }
  }

  @Test
  void unquotePlusDecodesAsPython() {
    assertThat(ModelVersionSources.unquotePlus("a+b%20c%2Fd")).isEqualTo("a b c/d");
    assertThat(ModelVersionSources.unquotePlus("%zz%4")).isEqualTo("%zz%4");
    assertThat(ModelVersionSources.unquotePlus("%C3%A9%FF")).isEqualTo("é\uFFFD");
    assertThat(ModelVersionSources.unquotePlus("日本%E8%AA%9E")).isEqualTo("日本語");
  }

  @Test
  void versionsAreIntegersInStrings() throws Exception {
    assertThat(RegistryRequests.version(body("{\"version\": \"3\"}"))).isEqualTo(3L);
    assertThat(RegistryRequests.version(body("{\"version\": \" +7 \"}"))).isEqualTo(7L);
    assertThat(RegistryRequests.version(body("{\"version\": \"-1\"}"))).isEqualTo(-1L);
    for (String bad :
        List.of("\"one\"", "\"1.5\"", "\"1e3\"", "\"99999999999999999999\"", "3", "true")) {
      assertThatThrownBy(() -> RegistryRequests.version(body("{\"version\": " + bad + "}")))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageMatching("(Model version must be an integer, got .*|.*'version'.*)");
    }
    assertThatThrownBy(() -> RegistryRequests.version(body("{}")))
        .hasMessageStartingWith("Missing value for required parameter 'version'");
  }

  private static RequestFields body(String json) throws Exception {
    return RequestFields.ofBody((ObjectNode) WireJson.readTree(json));
  }
}
