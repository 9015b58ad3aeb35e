package io.galley.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits and messages of MLflow 2.17's {@code mlflow/utils/validation.py}. */
class TrackingLimitsTest {

  @Test
  void limitsAreMlflow217s() {
    assertThat(TrackingLimits.MAX_PARAM_VAL_LENGTH).isEqualTo(6000);
    assertThat(TrackingLimits.MAX_TAG_VAL_LENGTH).isEqualTo(8000);
    assertThat(TrackingLimits.MAX_EXPERIMENT_TAG_VAL_LENGTH).isEqualTo(5000);
    assertThat(TrackingLimits.MAX_ENTITY_KEY_LENGTH).isEqualTo(250);
    assertThat(TrackingLimits.MAX_EXPERIMENT_NAME_LENGTH).isEqualTo(500);
  }

  @Test
  void paramAndTagValuesAreTruncatedAndTheirKeysRefused() {
    Param fits = new Param("p", "v".repeat(6000));
    assertThat(TrackingLimits.validateParam(fits)).isSameAs(fits);
    assertThat(TrackingLimits.validateParam(new Param("p", "v".repeat(6001))))
        .isEqualTo(new Param("p", "v".repeat(6000)));
    Tag whole = new Tag("t", "v".repeat(8000));
    assertThat(TrackingLimits.validateTag(whole)).isSameAs(whole);
    assertThat(TrackingLimits.validateTag(new Tag("t", "v".repeat(9000))))
        .isEqualTo(new Tag("t", "v".repeat(8000)));
    assertThatThrownBy(() -> TrackingLimits.validateParam(new Param("k".repeat(251), "v")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "Param key '"
                + "k".repeat(250)
                + "' had length 251, which exceeded length limit of 250");
    assertThatThrownBy(() -> TrackingLimits.validateWholeTag(new Tag("t", "v".repeat(8001))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "Tag value '"
                + "v".repeat(250)
                + "' had length 8001, which exceeded length limit of 8000");
  }

  @Test
  void aBatchIsCheckedOnItsTruncatedParams() {
    TrackingLimits.Batch batch =
        TrackingLimits.validateBatch(
            List.of(), List.of(new Param("a", "x".repeat(7000))), List.of(new Tag("t", "v")));
    assertThat(batch.params()).containsExactly(new Param("a", "x".repeat(6000)));
    assertThat(batch.tags()).containsExactly(new Tag("t", "v"));
  }

  @Test
  void datasetLimitsSayWhatMlflowSays() {
    Dataset longName = new Dataset("n".repeat(501), "d", "local", "s", null, null);
    assertThatThrownBy(
            () -> TrackingLimits.validateDatasetInput(new DatasetInput(List.of(), longName)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Dataset name exceeds the maximum length of 500");
    Dataset ok = new Dataset("n", "d", "local", "s", null, null);
    assertThatThrownBy(
            () ->
                TrackingLimits.validateDatasetInput(
                    new DatasetInput(List.of(new Tag("k", "v".repeat(501))), ok)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("InputTag value exceeds the maximum length of 500");
  }
}
