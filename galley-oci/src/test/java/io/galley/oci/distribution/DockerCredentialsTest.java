package io.galley.oci.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups in Docker's config as Docker's CLI makes them: helpers first, keys matched by host. */
class DockerCredentialsTest {
  private final List<String> asked = new ArrayList<>();

  private CredentialHelper helper(String name, RegistryCredential answer) {
    return (helper, serverUrl) -> {
      asked.add(helper + " " + serverUrl);
      return helper.equals(name) ? Optional.of(answer) : Optional.empty();
    };
  }

  private static Path config(Path dir, String json) throws IOException {
    return Files.writeString(dir.resolve("config.json"), json);
  }

  private static String auth(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  @Test
  void auths_match_by_host_whatever_scheme_or_path_the_key_was_saved_with(@TempDir Path dir)
      throws IOException {
    Path file =
        config(
            dir,
            "{\"auths\": {"
                + "\"https://index.docker.io/v1/\": {\"auth\": \""
                + auth("hubuser", "hubpw")
                + "\"},"
                + "\"http://127.0.0.1:5000/v2/\": {\"auth\": \""
                + auth("me", "pa:ss")
                + "\"},"
                + "\"ghcr.io\": {\"identitytoken\": \"refresh-me\"},"
                + "\"quay.io\": {\"username\": \"q\", \"password\": \"qpw\"}}}");
    DockerCredentials creds =
        DockerCredentials.of(file, helper("none", RegistryCredential.ANONYMOUS));
    assertThat(creds.forRegistry("docker.io"))
        .isEqualTo(new RegistryCredential.Basic("hubuser", "hubpw"));
    assertThat(creds.forRegistry("127.0.0.1:5000"))
        .isEqualTo(new RegistryCredential.Basic("me", "pa:ss"));
    assertThat(creds.forRegistry("ghcr.io"))
        .isEqualTo(new RegistryCredential.IdentityToken("refresh-me"));
    assertThat(creds.forRegistry("quay.io")).isEqualTo(new RegistryCredential.Basic("q", "qpw"));
    assertThat(creds.forRegistry("127.0.0.1:5001")).isEqualTo(RegistryCredential.ANONYMOUS);
    assertThat(asked).isEmpty();
  }

  @Test
  void a_registrys_helper_wins_then_the_store_then_auths(@TempDir Path dir) throws IOException {
    Path file =
        config(
            dir,
            "{\"credsStore\": \"store\", \"credHelpers\": {\"gcr.io\": \"gcloud\"},"
                + " \"auths\": {\"r.example\": {\"auth\": \""
                + auth("a", "b")
                + "\"}}}");
    RegistryCredential fromHelper = new RegistryCredential.Basic("oauth2accesstoken", "t");
    DockerCredentials creds = DockerCredentials.of(file, helper("gcloud", fromHelper));
    assertThat(creds.forRegistry("gcr.io")).isEqualTo(fromHelper);
    assertThat(creds.forRegistry("docker.io")).isEqualTo(RegistryCredential.ANONYMOUS);
    assertThat(creds.forRegistry("r.example")).isEqualTo(new RegistryCredential.Basic("a", "b"));
    assertThat(asked)
        .containsExactly(
            "gcloud gcr.io", "store " + DockerCredentials.DOCKER_HUB_KEY, "store r.example");
  }

  @Test
  void no_file_is_no_credentials_and_a_broken_one_says_which_file(@TempDir Path dir)
      throws IOException {
    assertThat(
            DockerCredentials.of(dir.resolve("absent.json"), CredentialHelper.programs())
                .forRegistry("docker.io"))
        .isEqualTo(RegistryCredential.ANONYMOUS);
    Path broken = config(dir, "{\"auths\": ");
    assertThatThrownBy(() -> DockerCredentials.of(broken, CredentialHelper.programs()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(broken.toString());
    Path badAuth = dir.resolve("bad.json");
    Files.writeString(badAuth, "{\"auths\": {\"h.example\": {\"auth\": \"***\"}}}");
    assertThatThrownBy(
            () ->
                DockerCredentials.of(badAuth, CredentialHelper.programs()).forRegistry("h.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("not base64");
  }

  @Test
  void a_helper_that_is_not_installed_is_named() throws IOException {
    assertThatThrownBy(() -> CredentialHelper.programs().get("galley-no-such-helper", "h.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("docker-credential-galley-no-such-helper is not installed");
  }

  @Test
  void secrets_never_show_in_a_credentials_text() {
    assertThat(new RegistryCredential.Basic("u", "s3cret").toString()).doesNotContain("s3cret");
    assertThat(new RegistryCredential.IdentityToken("s3cret").toString()).doesNotContain("s3cret");
    assertThat(new RegistryCredential.Bearer("s3cret").toString()).doesNotContain("s3cret");
  }
}
