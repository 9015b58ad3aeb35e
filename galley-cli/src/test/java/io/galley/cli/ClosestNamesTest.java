package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNamesTest {
  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(ClosestNames.distance("acuracy", "accuracy")).isEqualTo(1);
    assertThat(ClosestNames.distance("loss", "lost")).isEqualTo(1);
    assertThat(ClosestNames.distance("", "abc")).isEqualTo(3);
    assertThat(ClosestNames.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void suggestsOnlyWhatIsCloseNearestFirst() {
    List<String> known = List.of("accuracy", "macro_f1", "loss", "val_accuracy");
    assertThat(ClosestNames.to("acuracy", known)).containsExactly("accuracy");
    assertThat(ClosestNames.to("ACCURACY", known)).containsExactly("accuracy");
    assertThat(ClosestNames.to("zzz", known)).isEmpty();
    assertThat(ClosestNames.didYouMean("los", known)).isEqualTo("; did you mean 'loss'?");
    assertThat(ClosestNames.didYouMean("zzz", known)).isEmpty();
  }
}
