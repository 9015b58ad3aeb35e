package io.galley.oci.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {
  @ParameterizedTest
  @ValueSource(strings = {"latest", "v1.0.0", "1", "_", "_private", "A-b.C_d", "sha256-abc"})
  void acceptsSpecTags(String tag) {
    assertThat(Tag.of(tag).toString()).isEqualTo(tag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "-dash", "a:b", "a/b", "a@b", "a+b", "ä", "a b"})
  void rejectsOthers(String tag) {
    assertThat(Tag.isValid(tag)).isFalse();
    assertThatThrownBy(() -> Tag.of(tag)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void allowsAtMost128Characters() {
    assertThat(Tag.of("a".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> Tag.of("a".repeat(129)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("128");
  }
}
