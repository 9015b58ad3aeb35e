package io.galley.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.ArtifactPath;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry's input rules, and the run sources a version's files come from. */
class RegistryLimitsTest {

  @Test
  void parsesVersionsAsPythonsIntDoes() {
    assertThat(RegistryLimits.parseVersion("3")).isEqualTo(3);
    assertThat(RegistryLimits.parseVersion(" 12 ")).isEqualTo(12);
    assertThat(RegistryLimits.parseVersion("-1")).isEqualTo(-1);
    for (String bad : new String[] {"", "1.0", "one", "9999999999999999999999"}) {
      assertThatThrownBy(() -> RegistryLimits.parseVersion(bad))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("Model version must be an integer, got '" + bad + "'");
    }
    assertThatThrownBy(() -> RegistryLimits.parseVersion(null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void modelNames() {
    RegistryLimits.validateModelName("a b.c-d_e:f@g");
    assertThatThrownBy(() -> RegistryLimits.validateModelName(null))
        .hasMessage("Registered model name cannot be empty.");
    assertThatThrownBy(() -> RegistryLimits.validateModelName("a/b"))
        .hasMessage("Invalid name: 'a/b'. Registered model name cannot contain path separator");
  }

  @Test
  void aliases() {
    RegistryLimits.validateAlias("champion_2-b");
    RegistryLimits.validateAlias("vv1");
    assertThatThrownBy(() -> RegistryLimits.validateAlias("V12"))
        .hasMessage("Version alias name 'V12' is reserved.");
    assertThatThrownBy(() -> RegistryLimits.validateAlias("LATEST"))
        .hasMessage("'latest' alias name (case insensitive) is reserved.");
    assertThatThrownBy(() -> RegistryLimits.validateAlias("a@b"))
        .hasMessage(
            "Invalid alias name: 'a@b'. Names may only contain alphanumerics, underscores (_),"
                + " and dashes (-).");
  }

  @Test
  void runSourcesDropTrailingSlashes() {
    assertThat(ModelSource.parse("runs:/abc/model/"))
        .contains(new ModelSource("abc", ArtifactPath.parse("model")));
    assertThat(ModelSource.parse("runs:/abc/")).contains(new ModelSource("abc", ArtifactPath.ROOT));
    assertThat(ModelSource.parse("mlflow-artifacts:/1/abc/artifacts/m/data//"))
        .contains(new ModelSource("abc", ArtifactPath.parse("m/data")));
    assertThat(ModelSource.parse("s3://bucket/runs:/abc")).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> ModelSource.parse("runs:/abc/a//b"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
