package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.Grantee;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.TestServer;
import io.galley.server.oci.TestImages;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker, skopeo and podman against a registry with access control on, through Docker's
 * token flow: nothing without {@code docker login}; after it, a write token pushes and pulls, a
 * read token pulls but cannot push; a password logs in as well; a user without permission on
 * someone else's repository cannot push to it; a public repository pulls without logging in.
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
        assertThat(anonymous.stdout() + anonymous.stderr()).contains("denied");

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

  @Test
  void passwordsSkopeoCredsPodmanAndPublicRepositories(@TempDir Path dir) throws IOException {
    SystemTools.dockerEngine();
    SystemTools.require("skopeo");
    SystemTools.require("podman");
    try (TestServer server = TestServer.h2WithAccessControl(dir.resolve("server"))) {
      IdentityStore identities = server.store().identities();
      identities.createUser(new NewUser("ci", PasswordHashes.hash("ci password"), false));
      identities.createUser(new NewUser("eve", PasswordHashes.hash("eve password"), false));
      server
          .store()
          .permissions()
          .createRepositoryGrant(
              new RepositoryPattern("public/*"), Grantee.user("ci"), Permission.MANAGE);
      server
          .store()
          .permissions()
          .createRepositoryGrant(
              new RepositoryPattern("public/*"), Grantee.anyone(), Permission.READ);
      String registry = "127.0.0.1:" + server.port();
      String image = registry + "/ci/tiny:1";
      String open = registry + "/public/tiny:1";
      Path config = Files.createDirectories(dir.resolve("docker-config"));
      String id = TestImages.dockerImage(dir.resolve("image"), image);
      try {
        // docker with a password; the first push to ci/tiny makes it ci's.
        loginAs(config, registry, "ci", "ci password").assertOk();
        docker(config, null, "push", image).assertOk();
        docker(config, null, "tag", image, open).assertOk();
        docker(config, null, "push", open).assertOk();

        // eve may pull (the default, READ) but not push to ci's repository.
        loginAs(config, registry, "eve", "eve password").assertOk();
        docker(config, null, "pull", image).assertOk();
        Command.Result denied = docker(config, null, "push", image);
        assertThat(denied.exitCode()).as(denied.describe()).isNotZero();
        assertThat(denied.stdout() + denied.stderr()).containsIgnoringCase("denied");

        // Logged out: the public repository pulls, the private one does not.
        docker(config, null, "logout", registry).assertOk();
        Command.of("docker", "rmi", "-f", open, image).timeout(TIMEOUT).run();
        docker(config, null, "pull", open).assertOk();
        Command.Result privately = docker(config, null, "pull", image);
        assertThat(privately.exitCode()).as(privately.describe()).isNotZero();

        // skopeo with --creds, no login: inspect as ci, a copy as eve refused.
        Command.Result inspect =
            Command.of(
                    "skopeo",
                    "inspect",
                    "--tls-verify=false",
                    "--creds",
                    "ci:ci password",
                    "docker://" + image)
                .timeout(TIMEOUT)
                .run();
        inspect.assertOk();
        assertThat(inspect.stdout()).contains("\"Digest\"");
        Command.Result copy =
            Command.of(
                    "skopeo",
                    "copy",
                    "--src-tls-verify=false",
                    "--dest-tls-verify=false",
                    "--src-creds",
                    "ci:ci password",
                    "--dest-creds",
                    "eve:eve password",
                    "docker://" + image,
                    "docker://" + registry + "/ci/tiny:copy")
                .timeout(TIMEOUT)
                .run();
        assertThat(copy.exitCode()).as(copy.describe()).isNotZero();
        Command.Result anonymousInspect =
            Command.of("skopeo", "inspect", "--tls-verify=false", "docker://" + open)
                .timeout(TIMEOUT)
                .run();
        anonymousInspect.assertOk();

        // podman login, then a pull through the token it keeps the credentials for.
        Path auth = dir.resolve("podman-auth.json");
        Path password = Files.writeString(dir.resolve("pw"), "ci password", StandardCharsets.UTF_8);
        Command.of(
                "podman",
                "login",
                "--tls-verify=false",
                "--authfile",
                auth.toString(),
                "-u",
                "ci",
                "--password-stdin",
                registry)
            .stdin(password)
            .timeout(TIMEOUT)
            .run()
            .assertOk();
        Command.of(
                "skopeo",
                "inspect",
                "--tls-verify=false",
                "--authfile",
                auth.toString(),
                "docker://" + image)
            .timeout(TIMEOUT)
            .run()
            .assertOk();
        Command.Result badLogin =
            Command.of(
                    "podman",
                    "login",
                    "--tls-verify=false",
                    "--authfile",
                    dir.resolve("other.json").toString(),
                    "-u",
                    "ci",
                    "-p",
                    "wrong password",
                    registry)
                .timeout(TIMEOUT)
                .run();
        assertThat(badLogin.exitCode()).as(badLogin.describe()).isNotZero();
      } finally {
        Command.of("docker", "rmi", "-f", id, image, open).timeout(TIMEOUT).run();
      }
    }
  }

  private static Command.Result loginAs(Path config, String registry, String user, String secret)
      throws IOException {
    Path password = Files.writeString(config.resolve("password"), secret, StandardCharsets.UTF_8);
    try {
      return docker(config, password, "login", registry, "-u", user, "--password-stdin");
    } finally {
      Files.delete(password);
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
    return loginAs(config, registry, "ci", secret);
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
