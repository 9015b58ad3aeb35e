package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryScopeTest {
  @Test
  void aNameMayHoldAHostAndPortAndAClassIsDropped() {
    RegistryScope s = RegistryScope.parse("repository:127.0.0.1:5000/team/x:pull,push");
    assertThat(s.type()).isEqualTo("repository");
    assertThat(s.name()).isEqualTo("127.0.0.1:5000/team/x");
    assertThat(s.actions()).containsExactlyInAnyOrder("pull", "push");
    assertThat(RegistryScope.parse("repository(plugin):a/b:pull").type()).isEqualTo("repository");
    assertThat(RegistryScope.parse("registry:catalog:*").allows("anything")).isTrue();
    assertThat(s.format()).isEqualTo("repository:127.0.0.1:5000/team/x:pull,push");
  }

  @Test
  void spaceSeparatedAndRepeatedScopesAreAllRead() {
    assertThat(
            RegistryScope.parseAll(
                List.of("repository:a:pull repository:b:push", "registry:catalog:*")))
        .extracting(RegistryScope::name)
        .containsExactly("a", "b", "catalog");
  }

  @Test
  void narrowingKeepsOnlyWhatIsAllowed() {
    RegistryScope s = RegistryScope.parse("repository:a:pull,push,delete");
    assertThat(s.narrowedTo(Set.of("pull")).orElseThrow().actions()).containsExactly("pull");
    assertThat(s.narrowedTo(Set.of())).isEmpty();
  }

  @Test
  void malformedScopesAreRefused() {
    for (String bad :
        List.of(
            "",
            "repository",
            "repository:a",
            ":a:pull",
            "repository:a:PULL",
            "repository:a:pu ll",
            "repository:a:" + "x".repeat(600))) {
      assertThatThrownBy(() -> RegistryScope.parse(bad))
          .isInstanceOf(InvalidRequestException.class);
    }
  }
}
