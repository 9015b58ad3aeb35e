package io.galley.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryGrantTest {
  private static RepositoryGrant grant(String pattern, Grantee grantee, Permission p) {
    return new RepositoryGrant(new RepositoryPattern(pattern), grantee, 1, p);
  }

  @Test
  void oneStarStaysInAComponentTwoCrossThem() {
    RepositoryPattern one = new RepositoryPattern("team/*");
    assertThat(one.matches("team/a")).isTrue();
    assertThat(one.matches("team/a/b")).isFalse();
    assertThat(one.matches("team")).isFalse();
    assertThat(one.matches("teams/a")).isFalse();
    RepositoryPattern two = new RepositoryPattern("team/**");
    assertThat(two.matches("team/a/b")).isTrue();
    assertThat(new RepositoryPattern("**").matches("x/y/z")).isTrue();
    assertThat(new RepositoryPattern("*/models").matches("a/models")).isTrue();
    assertThat(new RepositoryPattern("*/models").matches("a/b/models")).isFalse();
    assertThat(new RepositoryPattern("iris").matches("iris")).isTrue();
    assertThat(new RepositoryPattern("iris").matches("iris2")).isFalse();
    assertThat(new RepositoryPattern("a*c").matches("abbbc")).isTrue();
  }

  @Test
  void badPatternsAreRefused() {
    for (String bad : List.of("", "Team/*", "a b", "x'; DROP", "a".repeat(257))) {
      assertThatThrownBy(() -> new RepositoryPattern(bad))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void theNarrowestPatternDecidesThenOwnBeforeGroupBeforeAnyone() {
    Grantee ada = Grantee.user("ada");
    List<RepositoryGrant> grants =
        List.of(
            grant("team/**", ada, Permission.EDIT),
            grant("team/secret", Grantee.group("g"), Permission.NO_PERMISSIONS),
            grant("public/*", Grantee.anyone(), Permission.READ),
            grant("public/*", ada, Permission.MANAGE),
            grant("shared/*", Grantee.group("g"), Permission.READ),
            grant("shared/*", Grantee.group("h"), Permission.EDIT));
    assertThat(RepositoryGrant.decide(grants, "team/x/y")).contains(Permission.EDIT);
    assertThat(RepositoryGrant.decide(grants, "team/secret")).contains(Permission.NO_PERMISSIONS);
    assertThat(RepositoryGrant.decide(grants, "public/a")).contains(Permission.MANAGE);
    assertThat(RepositoryGrant.decide(grants, "shared/a")).contains(Permission.EDIT);
    assertThat(RepositoryGrant.decide(grants, "other")).isEmpty();
  }
}
