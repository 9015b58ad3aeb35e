package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {
  @Test
  void aHashMatchesItsPasswordAndNoOther() {
    String stored = PasswordHashes.hash("correct horse battery staple");

    assertThat(stored)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(stored).doesNotContain("correct horse");
    assertThat(PasswordHashes.matches("correct horse battery staple", stored)).isTrue();
    assertThat(PasswordHashes.matches("correct horse battery stapl", stored)).isFalse();
    assertThat(PasswordHashes.matches("", stored)).isFalse();
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    String a = PasswordHashes.hash("same");
    String b = PasswordHashes.hash("same");

    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHashes.matches("same", a)).isTrue();
    assertThat(PasswordHashes.matches("same", b)).isTrue();
  }

  @Test
  void noUserOrAStoredValueThatIsNotAHashNeverMatches() {
    String stored = PasswordHashes.hash("pw");
    assertThat(PasswordHashes.matches("pw", null)).isFalse();
    assertThat(PasswordHashes.matches("pw", "pw")).isFalse();
    assertThat(PasswordHashes.matches("pw", stored.replace("$argon2id$", "$argon2i$"))).isFalse();
    // A stored string asking for 8 GiB of memory is refused, not computed.
    assertThat(PasswordHashes.matches("pw", stored.replace("m=19456", "m=8388608"))).isFalse();
    // The salt is part of the hash: another salt, no match.
    String[] parts = stored.split("\\$");
    String otherSalt = PasswordHashes.hash("pw").split("\\$")[4];
    assertThat(PasswordHashes.matches("pw", stored.replace(parts[4], otherSalt))).isFalse();
  }
}
