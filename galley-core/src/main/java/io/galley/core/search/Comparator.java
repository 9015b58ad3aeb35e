package io.galley.core.search;

/** The comparison operators of MLflow's filter grammar, with their spelling. */
public enum Comparator {
  EQ("="),
  NEQ("!="),
  GT(">"),
  GTE(">="),
  LT("<"),
  LTE("<="),
  LIKE("LIKE"),
  ILIKE("ILIKE"),
  IN("IN"),
  NOT_IN("NOT IN");

  private final String symbol;

  Comparator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
