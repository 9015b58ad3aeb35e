package io.galley.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrisDataTest {
  private static final List<Flower> ALL = IrisData.load();

  @Test
  void theDataSetIsFishersIrisWithUcisCorrections() {
    assertThat(ALL).hasSize(150);
    assertThat(countBySpecies(ALL))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("setosa", 50L, "versicolor", 50L, "virginica", 50L));
    assertThat(ALL.get(0)).isEqualTo(new Flower(5.1, 3.5, 1.4, 0.2, "setosa"));
    assertThat(ALL.get(34)).isEqualTo(new Flower(4.9, 3.1, 1.5, 0.2, "setosa"));
    assertThat(ALL.get(37)).isEqualTo(new Flower(4.9, 3.6, 1.4, 0.1, "setosa"));
    assertThat(ALL.stream().mapToDouble(Flower::sepalLength).sum()).isCloseTo(876.5, within());
    assertThat(ALL.stream().mapToDouble(Flower::petalWidth).sum()).isCloseTo(179.9, within());
  }

  @Test
  void theSplitIsStratifiedAndTheSameForTheSameSeed() {
    IrisData.Split split = IrisData.split(ALL, 42, 0.2);
    assertThat(split.train()).hasSize(120);
    assertThat(split.test()).hasSize(30);
    assertThat(countBySpecies(split.test()))
        .containsOnly(
            Map.entry("setosa", 10L), Map.entry("versicolor", 10L), Map.entry("virginica", 10L));
    List<Flower> union = new ArrayList<>(split.train());
    union.addAll(split.test());
    assertThat(union).containsExactlyInAnyOrderElementsOf(ALL);

    assertThat(IrisData.split(ALL, 42, 0.2)).isEqualTo(split);
    assertThat(IrisData.split(ALL, 43, 0.2).test()).isNotEqualTo(split.test());
  }

  @Test
  void writtenRowsReadBackTheSame(@TempDir Path dir) throws IOException {
    Path csv = IrisData.write(ALL, dir.resolve("all.csv"));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("sepal_length,sepal_width,petal_length,petal_width,species");
    assertThat(lines.subList(1, lines.size()).stream().map(Flower::parse).toList())
        .containsExactlyElementsOf(ALL);
    try (var in = IrisData.class.getResourceAsStream(IrisData.RESOURCE)) {
      assertThat(Files.readAllBytes(csv)).isEqualTo(in.readAllBytes());
    }
  }

  private static Map<String, Long> countBySpecies(List<Flower> rows) {
    return rows.stream().collect(Collectors.groupingBy(Flower::species, Collectors.counting()));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
