package io.galley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedLoginsTest {
  @Test
  void aLoginIsSavedOwnerOnlyFoundByServerAndRemoved(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cfg").resolve("galley").resolve("config.json");
    SavedLogins logins = SavedLogins.of(Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString()));
    assertThat(logins.file()).isEqualTo(file);
    URI server = URI.create("http://Galley.Internal:7070/");
    logins.save(server, new SavedLogins.Login("ada", "galley_secret", "abc"));
    logins.save(URI.create("https://other"), new SavedLogins.Login("bo", "galley_other", "def"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(logins.find(URI.create("http://galley.internal:7070")))
        .contains(new SavedLogins.Login("ada", "galley_secret", "abc"));
    assertThat(logins.find(URI.create("https://other:443/x")).map(SavedLogins.Login::token))
        .contains("galley_other");
    assertThat(logins.find(URI.create("http://galley.internal:7071"))).isEmpty();
    assertThat(new SavedLogins.Login("ada", "galley_secret", "abc").toString())
        .doesNotContain("galley_secret");

    assertThat(logins.remove(server)).isPresent();
    assertThat(logins.find(server)).isEmpty();
    assertThat(logins.find(URI.create("https://other"))).isPresent();
    assertThat(Files.readString(file)).doesNotContain("galley_secret");
  }

  @Test
  void anUnreadableFileHoldsNoLogin(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), "{not json");
    SavedLogins logins = SavedLogins.of(Map.of("GALLEY_CONFIG", file.toString()));
    assertThat(logins.find(URI.create("http://127.0.0.1:7070"))).isEmpty();
    logins.save(URI.create("http://127.0.0.1:7070"), new SavedLogins.Login("a", "t", "i"));
    assertThat(logins.find(URI.create("http://127.0.0.1:7070"))).isPresent();
  }

  @Test
  void theEnvironmentWinsOverASavedLogin(@TempDir Path dir) {
    Path file = dir.resolve("config.json");
    URI server = URI.create("http://127.0.0.1:7070");
    new SavedLogins(file).save(server, new SavedLogins.Login("ada", "galley_saved", "i"));
    Map<String, String> env = Map.of("GALLEY_CONFIG", file.toString());
    assertThat(ClientSettings.token(env, server)).contains("galley_saved");
    assertThat(
            ClientSettings.token(
                Map.of("GALLEY_CONFIG", file.toString(), "GALLEY_TOKEN", "galley_env"), server))
        .contains("galley_env");
    assertThat(
            ClientSettings.token(
                Map.of("GALLEY_CONFIG", file.toString(), "GALLEY_USERNAME", "bo"), server))
        .isEmpty();
  }
}
