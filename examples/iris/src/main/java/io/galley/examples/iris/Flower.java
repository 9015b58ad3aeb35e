package io.galley.examples.iris;

import java.util.List;

/** One row of the Iris data: four measurements in cm and the species. */
record Flower(
    double sepalLength, double sepalWidth, double petalLength, double petalWidth, String species) {

  /** The measurements' column names, in the CSV's order. */
  static final List<String> FEATURES =
      List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

  static final String LABEL = "species";

  double[] features() {
    return new double[] {sepalLength, sepalWidth, petalLength, petalWidth};
  }

  /** The row as the CSV writes it; Java's double-to-string keeps {@code 5.1} as {@code 5.1}. */
  String csv() {
    return sepalLength + "," + sepalWidth + "," + petalLength + "," + petalWidth + "," + species;
  }

  static Flower parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 5) {
      throw new IllegalArgumentException("An iris row has 5 fields: " + line);
    }
    return new Flower(
        Double.parseDouble(f[0]),
        Double.parseDouble(f[1]),
        Double.parseDouble(f[2]),
        Double.parseDouble(f[3]),
        f[4]);
  }
}
