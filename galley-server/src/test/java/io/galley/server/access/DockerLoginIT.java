package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.TestServer;
import io.galley.server.oci.Command;
import io.galley.server.oci.SystemTools;
import io.galley.server.oci.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI against a registry with access control on: nothing without {@code docker
 * login}; after it, a write token pushes and pulls, a read token pulls but cannot push.
 */
class DockerLoginIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void dockerLogsInWithATokenAndAReadTokenCannotPush(@TempDir Path dir) throws IOException {
    SystemTools.dockerEngine();
    try (TestServer server = TestServer.h2WithAccessControl(dir.resolve("server"))) {
      IdentityStore identities = server.store().identities();
      identities.createUser(new NewUser("ci", PasswordHashes.hash("ci password"), false));
      String writer = token(identities, TokenScope.WRITE);
      String reader = token(identities, TokenScope.READ);
      String registry = "127.0.0.1:" + server.port();
      String image = registry + "/team/tiny:1";
      Path config = Files.createDirectories(dir.resolve("docker-config"));
      String id = TestImages.dockerImage(dir.resolve("image"), image);
      try {
        Command.Result anonymous = docker(config, null, "push", image);
        assertThat(anonymous.exitCode()).as(anonymous.describe()).isNotZero();
        assertThat(anonymous.stdout() + anonymous.stderr()).contains("no basic auth credentials");

        login(config, registry, writer).assertOk();
        docker(config, null, "push", image).assertOk();
        Command.of("docker", "rmi", "-f", image).timeout(TIMEOUT).run();
        docker(config, null, "pull", image).assertOk();

        login(config, registry, reader).assertOk();
        docker(config, null, "pull", image).assertOk();
        docker(config, null, "tag", image, registry + "/team/tiny:2").assertOk();
        Command.Result denied = docker(config, null, "push", registry + "/team/tiny:2");
        assertThat(denied.exitCode()).as(denied.describe()).isNotZero();
        assertThat(denied.stdout() + denied.stderr()).containsIgnoringCase("denied");

        Command.Result wrong = login(config, registry, writer + "x");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(Files.readString(config.resolve("config.json"))).doesNotContain(writer);
      } finally {
        Command.of("docker", "rmi", "-f", id, image, registry + "/team/tiny:2")
            .timeout(TIMEOUT)
            .run();
      }
    }
  }

  private static String token(IdentityStore identities, TokenScope scope) {
    TokenSecrets.Issued t = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(t.id(), "ci", scope.name(), scope, null, t.secretHash()), Instant.now());
    return t.secret();
  }

  private static Command.Result login(Path config, String registry, String secret)
      throws IOException {
    Path password = Files.writeString(config.resolve("password"), secret, StandardCharsets.UTF_8);
    try {
      return docker(config, password, "login", registry, "-u", "ci", "--password-stdin");
    } finally {
      Files.delete(password);
    }
  }

  private static Command.Result docker(Path config, Path stdin, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "docker";
    System.arraycopy(args, 0, command, 1, args.length);
    Command c = Command.of(command).env("DOCKER_CONFIG", config.toString()).timeout(TIMEOUT);
    if (stdin != null) {
      c = c.stdin(stdin);
    }
    return c.run();
  }
}
