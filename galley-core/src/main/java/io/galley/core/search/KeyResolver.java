package io.galley.core.search;

/** Turns a written {@link Identifier} into an entity type and a canonical key, or an error. */
final class KeyResolver {
  /** A resolved key: attribute keys are canonical (aliases mapped). */
  record Key(EntityType type, String name) {
    /** How the key reads in error messages, e.g. {@code metrics} or {@code attribute 'status'}. */
    String describe() {
      return switch (type) {
        case METRIC -> "metrics";
        case PARAM -> "params";
        case TAG -> "tags";
        case DATASET -> "datasets";
        case ATTRIBUTE -> "attribute '" + name + "'";
      };
    }
  }

  private KeyResolver() {}

  static Key resolve(Identifier id, SearchTarget target, boolean orderBy, TokenCursor cursor) {
    String prefix = id.prefix();
    EntityType type = EntityType.ATTRIBUTE;
    if (prefix != null) {
      EntityType named = SearchKeys.entityType(prefix, target);
      if (named == null) {
        throw cursor.error(
            id.prefixStart(),
            "unknown entity type '"
                + SearchErrors.shorten(prefix)
                + "' (expected "
                + SearchKeys.prefixesOf(target)
                + ")");
      }
      type = named;
    }
    if (type == EntityType.ATTRIBUTE) {
      String canonical = SearchKeys.attribute(id.key(), target, orderBy);
      if (canonical == null) {
        throw cursor.error(
            id.keyStart(),
            "invalid attribute key '"
                + SearchErrors.shorten(id.key())
                + "' (expected one of "
                + SearchKeys.attributesOf(target, orderBy)
                + ")");
      }
      return new Key(type, canonical);
    }
    if (type == EntityType.DATASET && !SearchKeys.DATASET_KEYS.contains(id.key())) {
      throw cursor.error(
          id.keyStart(),
          "invalid dataset key '"
              + SearchErrors.shorten(id.key())
              + "' (expected name, digest or context)");
    }
    return new Key(type, id.key());
  }
}
