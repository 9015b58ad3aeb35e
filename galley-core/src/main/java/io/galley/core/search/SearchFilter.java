package io.galley.core.search;

import java.util.List;

/** A parsed filter: comparisons joined by AND (MLflow's grammar has no OR). Empty matches all. */
public record SearchFilter(List<Comparison> clauses) {
  public static final SearchFilter MATCH_ALL = new SearchFilter(List.of());

  public SearchFilter {
    clauses = List.copyOf(clauses);
  }

  public boolean matchesAll() {
    return clauses.isEmpty();
  }
}
