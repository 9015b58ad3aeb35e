package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.ArtifactPath;
import org.junit.jupiter.api.Test;

class ArtifactLocationTest {

  @Test
  void splitsExperimentRunAndRelativePath() {
    ArtifactLocation at = ArtifactLocation.parse("3/abc/artifacts/model/MLmodel").orElseThrow();
    assertThat(at.experimentId()).isEqualTo("3");
    assertThat(at.runId()).isEqualTo("abc");
    assertThat(at.path()).isEqualTo(ArtifactPath.parse("model/MLmodel"));
    assertThat(ArtifactLocation.parse("3/abc/artifacts").orElseThrow().path().isRoot()).isTrue();
  }

  @Test
  void placesOutsideARunTreeAreNoLocation() {
    assertThat(ArtifactLocation.parse("")).isEmpty();
    assertThat(ArtifactLocation.parse("3")).isEmpty();
    assertThat(ArtifactLocation.parse("3/abc")).isEmpty();
    assertThat(ArtifactLocation.parse("3/abc/other/x")).isEmpty();
    assertThatThrownBy(() -> ArtifactLocation.parseForWrite("3/abc/other/x"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void refusesTraversalPlainOrStillEncoded() {
    for (String path :
        new String[] {
          "3/abc/artifacts/../../x",
          "/etc/passwd",
          "3/abc/artifacts/a\0b",
          "3/abc/artifacts/a\\b",
          "3/abc/artifacts/%2e%2e/%2e%2e/x",
          "3/abc/artifacts/%252e%252e%252fx",
          "3/abc/artifacts/a%00b",
          "3/abc/artifacts/%2Fetc"
        }) {
      assertThatThrownBy(() -> ArtifactLocation.parse(path))
          .as(path)
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void aPercentThatIsNoEscapeIsAName() {
    assertThat(ArtifactLocation.parse("3/abc/artifacts/100%.txt").orElseThrow().path().value())
        .isEqualTo("100%.txt");
  }

  @Test
  void decodesPathEscapesAsUtf8AndKeepsPlus() {
    assertThat(ArtifactLocation.decodePath("a%20b+c%C3%A9")).isEqualTo("a b+cé");
    assertThatThrownBy(() -> ArtifactLocation.decodePath("a%zz"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ArtifactLocation.decodePath("a%ff"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
