package io.galley.oci.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void docker_hubs_bearer_challenge_keeps_the_comma_inside_its_scope() {
    AuthChallenge c =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\"")
            .orElseThrow();
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.param("service")).isEqualTo("registry.docker.io");
    assertThat(c.param("scope")).isEqualTo("repository:samalba/my-app:pull,push");
  }

  @Test
  void basic_unquoted_and_escaped_values_parse_and_an_empty_header_does_not() {
    assertThat(
            AuthChallenge.parse("Basic realm=\"Registry \\\"Realm\\\"\"")
                .orElseThrow()
                .param("realm"))
        .isEqualTo("Registry \"Realm\"");
    AuthChallenge bare = AuthChallenge.parse("BEARER realm=https://h/t, service = s").orElseThrow();
    assertThat(bare.scheme()).isEqualTo("bearer");
    assertThat(bare.param("realm")).isEqualTo("https://h/t");
    assertThat(bare.param("service")).isEqualTo("s");
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("=x")).isEmpty();
  }
}
