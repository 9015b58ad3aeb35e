package io.galley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlModelYamlTest {

  @Test
  void aStringReadsBackAsThatStringWhateverItLooksLike() throws IOException {
    List<String> values =
        List.of(
            "yes",
            "No",
            "ON",
            "null",
            "17",
            "0e5",
            "-1",
            ".5",
            "1.2.3",
            "a: b",
            "#x",
            "it's",
            "line\nbreak",
            "tab\there",
            "",
            " padded ",
            "[1]",
            "{}",
            "*ref",
            "&anchor",
            "!tag",
            "@x",
            "%x",
            "~",
            "ünïcode",
            "org.tribuo.Model",
            "/abs/path",
            "2024-01-02 03:04:05");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      yaml.append("k").append(i).append(": ").append(MlModelYaml.scalar(values.get(i)));
      yaml.append('\n');
    }
    JsonNode read = new YAMLMapper().readTree(yaml.toString());
    for (int i = 0; i < values.size(); i++) {
      assertThat(read.path("k" + i).isTextual()).as(values.get(i)).isTrue();
      assertThat(read.path("k" + i).asText()).isEqualTo(values.get(i));
    }
  }

  @Test
  void namesAndPathsStayPlainAsPyYamlWritesThem() {
    assertThat(MlModelYaml.scalar("model.tribuo")).isEqualTo("model.tribuo");
    assertThat(MlModelYaml.scalar("org.tribuo.classification.sgd.linear.LinearSGDModel"))
        .isEqualTo("org.tribuo.classification.sgd.linear.LinearSGDModel");
    assertThat(MlModelYaml.scalar("[{\"a\": 1}]")).isEqualTo("'[{\"a\": 1}]'");
  }
}
