package io.galley.core.search;

/** What a filter or order-by key names: a metric, a param, a tag, an attribute or a dataset. */
public enum EntityType {
  METRIC,
  PARAM,
  TAG,
  ATTRIBUTE,
  DATASET
}
