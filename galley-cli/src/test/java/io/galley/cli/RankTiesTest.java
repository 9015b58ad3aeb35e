package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankTiesTest {
  private static List<String> ranks(String... values) {
    RankTies ties = new RankTies(List.of(values));
    return IntStream.range(0, values.length).mapToObj(ties::rank).toList();
  }

  @Test
  void tiedRowsShareTheRankOfTheFirstAndAreMarked() {
    assertThat(ranks("0.9", "0.8", "0.8", "0.7")).containsExactly("1", "=2", "=2", "4");
    assertThat(ranks("0.9", "0.9", "0.9")).containsExactly("=1", "=1", "=1");
    assertThat(ranks("0.9", "0.8", "0.7")).containsExactly("1", "2", "3");
    assertThat(ranks("0.5")).containsExactly("1");
  }

  @Test
  void nanTiesWithNothing() {
    assertThat(ranks("0.5", "NaN", "NaN")).containsExactly("1", "2", "3");
  }

  @Test
  void groupsAreTheStretchesOfEqualNeighbours() {
    assertThat(new RankTies(List.of("1", "1", "2", "3", "3", "3", "4")).groups())
        .containsExactly(new int[] {0, 1}, new int[] {3, 5});
    assertThat(new RankTies(List.of("1", "2")).groups()).isEmpty();
  }
}
