package io.galley.core.search;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The right-hand side of a comparison: a string, a number, or a list of strings for IN. */
public sealed interface FilterValue {

  record Text(String value) implements FilterValue {
    public Text {
      requireNonNull(value, "value");
    }
  }

  record Number(double value) implements FilterValue {}

  record TextList(List<String> values) implements FilterValue {
    public TextList {
      values = List.copyOf(values);
    }
  }
}
