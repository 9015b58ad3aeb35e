package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTokensTest {
  private final MovingClock clock = new MovingClock();
  private final RegistryTokens tokens =
      new RegistryTokens(RegistryTokens.decodeKey(RegistryTokens.newKey()), clock);
  private final List<RegistryScope> pull = List.of(RegistryScope.parse("repository:a/b:pull"));

  @Test
  void aTokenVerifiedIsKeptSoItsNextRequestsCheckNoSignature() {
    String token = tokens.issue("ada", pull).token();
    RegistryTokens.Verified first = tokens.verify(token).orElseThrow();
    assertThat(first.subject()).isEqualTo("ada");
    assertThat(first.allows(RegistryScope.REPOSITORY, "a/b", "pull")).isTrue();
    assertThat(first.allows(RegistryScope.REPOSITORY, "a/b", "push")).isFalse();
    // Parsed anew, the claims would be a new object: the same one is the one kept.
    assertThat(tokens.verify(token).orElseThrow()).isSameAs(first);
  }

  @Test
  void aTokenKeptStillExpires() {
    String token = tokens.issue("ada", pull).token();
    assertThat(tokens.verify(token)).isPresent();
    clock.advance(RegistryTokens.LIFETIME.plus(Duration.ofSeconds(59)));
    assertThat(tokens.verify(token)).as("within the leeway").isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void anotherKeysTokenIsNeverKept() {
    RegistryTokens other =
        new RegistryTokens(RegistryTokens.decodeKey(RegistryTokens.newKey()), clock);
    String foreign = other.issue("ada", pull).token();
    assertThat(tokens.verify(foreign)).isEmpty();
    assertThat(tokens.verify(foreign)).isEmpty();
  }
}
