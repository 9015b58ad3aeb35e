package io.galley.oci.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ubuntu",
        "library/ubuntu",
        "team/models/iris",
        "a",
        "0",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a---b",
        "foo.bar/baz_qux/x-y",
        "registry1/ns2/repo3",
      })
  void acceptsNamesMatchingTheSpecRegex(String name) {
    assertThat(RepositoryName.of(name).toString()).isEqualTo(name);
    assertThat(RepositoryName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Ubuntu",
        "library/Ubuntu",
        "/ubuntu",
        "ubuntu/",
        "a//b",
        ".a",
        "a.",
        "a..b",
        "a___b",
        "a_-b",
        "-a",
        "a-",
        "a b",
        "a:b",
        "a@b",
        "ä",
      })
  void rejectsOtherNames(String name) {
    assertThat(RepositoryName.isValid(name)).isFalse();
    assertThatThrownBy(() -> RepositoryName.of(name))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Invalid repository name");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 255})
  void acceptsLengthsUpTo255(int length) {
    assertThat(RepositoryName.of("a".repeat(length)).value()).hasSize(length);
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 100_000})
  void rejectsLongerNamesWithTheLimitInTheMessage(int length) {
    assertThatThrownBy(() -> RepositoryName.of("a".repeat(length)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 255");
  }
}
