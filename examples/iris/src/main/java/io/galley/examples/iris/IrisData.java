package io.galley.examples.iris;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Iris data set shipped in this jar ({@code iris.csv}, CC BY 4.0, see {@code NOTICE} beside
 * it), its seeded stratified split, and the same rows as Tribuo datasets.
 */
final class IrisData {
  static final String RESOURCE = "iris.csv";
  private static final String HEADER = String.join(",", Flower.FEATURES) + "," + Flower.LABEL;
  private static final LabelFactory LABELS = new LabelFactory();

  /** The rows a run trains on and the rows it is scored on. */
  record Split(List<Flower> train, List<Flower> test) {}

  private IrisData() {}

  /** The 150 rows, in the file's order. */
  static List<Flower> load() {
    try (InputStream in = IrisData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the example's jar");
      }
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      if (!lines.get(0).equals(HEADER)) {
        throw new IllegalStateException("Unexpected header in " + RESOURCE + ": " + lines.get(0));
      }
      return lines.subList(1, lines.size()).stream().map(Flower::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /**
   * A stratified split: each species' rows are shuffled with {@code seed} and the first {@code
   * testFraction} of them (rounded) go to the test set, so both sets keep the species' proportions.
   * Species are taken in name order and {@link Random} is the same on every JVM, so one seed gives
   * one split everywhere. The training rows are shuffled once more, so no species comes in a block.
   */
  static Split split(List<Flower> rows, long seed, double testFraction) {
    Random random = new Random(seed);
    Map<String, List<Flower>> bySpecies = new TreeMap<>();
    rows.forEach(r -> bySpecies.computeIfAbsent(r.species(), s -> new ArrayList<>()).add(r));
    List<Flower> train = new ArrayList<>();
    List<Flower> test = new ArrayList<>();
    for (List<Flower> species : bySpecies.values()) {
      Collections.shuffle(species, random);
      int nTest = (int) Math.round(species.size() * testFraction);
      test.addAll(species.subList(0, nTest));
      train.addAll(species.subList(nTest, species.size()));
    }
    Collections.shuffle(train, random);
    return new Split(List.copyOf(train), List.copyOf(test));
  }

  /** Writes {@code rows} as a CSV with the data set's header. */
  static Path write(List<Flower> rows, Path file) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    rows.forEach(r -> csv.append(r.csv()).append('\n'));
    try {
      return Files.writeString(file, csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  static List<Example<Label>> examples(List<Flower> rows) {
    String[] names = Flower.FEATURES.toArray(String[]::new);
    List<Example<Label>> out = new ArrayList<>(rows.size());
    for (Flower r : rows) {
      out.add(new ArrayExample<>(new Label(r.species()), names, r.features()));
    }
    return out;
  }

  static MutableDataset<Label> dataset(List<Flower> rows, String description) {
    return new MutableDataset<>(
        examples(rows), new SimpleDataSourceProvenance(description, LABELS), LABELS);
  }
}
