package io.galley.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The parser's MLflow tables must stay within what {@link SearchTarget} says a store handles. */
class SearchKeysTest {

  @ParameterizedTest
  @EnumSource(SearchTarget.class)
  void canonicalAttributesAreKnownToTheTarget(SearchTarget target) {
    Set<String> known = new HashSet<>(target.textAttributes());
    known.addAll(target.numericAttributes());
    assertThat(known).containsAll(SearchKeys.canonicalAttributes(target));
  }

  @ParameterizedTest
  @EnumSource(SearchTarget.class)
  void numericAttributesTakeNumericComparatorsOnly(SearchTarget target) {
    for (String key : target.numericAttributes()) {
      assertThat(SearchKeys.comparators(EntityType.ATTRIBUTE, key, target))
          .isEqualTo(SearchKeys.NUMERIC);
    }
  }
}
