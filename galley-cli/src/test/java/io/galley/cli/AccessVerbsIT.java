package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.client.GalleyClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley users} and {@code galley tokens} against a server with access control on, run as a
 * user runs them: the real jar in processes of their own, signing in through the environment.
 */
class AccessVerbsIT {
  private static final String ROOT_PASSWORD = "root's first password";

  /** What one CLI process printed and its exit code. */
  private record Ran(int exitCode, String out, String err) {}

  @Test
  void anAdministratorAddsAUserWhoMakesAndRevokesATokenThatSignsTheCliIn(@TempDir Path dataDir)
      throws Exception {
    try (ServerProcess server =
        ServerProcess.start(
            dataDir,
            Map.of("GALLEY_ADMIN_PASSWORD", ROOT_PASSWORD),
            "--access-control",
            "--init-admin",
            "root")) {
      String uri = server.baseUri();
      Map<String, String> root =
          Map.of("GALLEY_USERNAME", "root", "GALLEY_PASSWORD", ROOT_PASSWORD);

      Ran added = galley(uri, root, "cy's password\n", "users", "add", "cy", "--password-stdin");
      assertThat(added.exitCode()).as(added.err()).isZero();
      assertThat(added.out()).contains("Created user 'cy'");
      Ran listed = galley(uri, root, null, "users", "ls");
      assertThat(listed.out()).contains("root").contains("cy");

      Map<String, String> cy = Map.of("GALLEY_USERNAME", "cy", "GALLEY_PASSWORD", "cy's password");
      Ran made = galley(uri, cy, null, "tokens", "create", "laptop", "--scope", "read");
      assertThat(made.exitCode()).as(made.err()).isZero();
      String secret = made.out().strip();
      assertThat(secret).startsWith("galley_");
      assertThat(made.err()).contains("not shown again");

      Map<String, String> token = Map.of("GALLEY_TOKEN", secret);
      Ran read = galley(uri, token, null, "experiments", "ls");
      assertThat(read.exitCode()).as(read.err()).isZero();
      Ran tokens = galley(uri, cy, null, "tokens", "ls");
      assertThat(tokens.out()).contains("laptop").contains("read").contains("valid");
      assertThat(tokens.out()).doesNotContain(secret);
      String id = secret.substring("galley_".length(), "galley_".length() + 12);
      assertThat(galley(uri, cy, null, "tokens", "revoke", id).exitCode()).isZero();

      Ran refused = galley(uri, token, null, "experiments", "ls");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("The credentials sign in nobody");
      Ran notAdmin = galley(uri, cy, null, "users", "ls");
      assertThat(notAdmin.exitCode()).isEqualTo(1);
      assertThat(notAdmin.err()).contains("Only an administrator may manage users");

      // Groups and permissions: cy's experiment, shared with a group dan is in.
      assertThat(
              galley(uri, root, "dan's password\n", "users", "add", "dan", "--password-stdin")
                  .exitCode())
          .isZero();
      Map<String, String> dan =
          Map.of("GALLEY_USERNAME", "dan", "GALLEY_PASSWORD", "dan's password");
      String experiment =
          GalleyClient.builder(URI.create(uri))
              .basicAuth("cy", "cy's password")
              .build()
              .createExperiment("cy-private");
      assertThat(
              galley(uri, root, null, "permissions", "default", "dan", "NO_PERMISSIONS").exitCode())
          .isZero();
      Ran hidden = galley(uri, dan, null, "experiments", "ls");
      assertThat(hidden.out()).doesNotContain("cy-private");
      assertThat(galley(uri, root, null, "groups", "create", "team").exitCode()).isZero();
      assertThat(galley(uri, root, null, "groups", "add", "team", "dan").exitCode()).isZero();
      Ran granted =
          galley(
              uri,
              cy,
              null,
              "permissions",
              "grant",
              "--experiment",
              experiment,
              "--group",
              "team",
              "read");
      assertThat(granted.exitCode()).as(granted.err()).isZero();
      assertThat(granted.out()).contains("Granted READ on experiment " + experiment);
      assertThat(galley(uri, dan, null, "experiments", "ls").out()).contains("cy-private");
      Ran groups = galley(uri, root, null, "groups", "ls");
      assertThat(groups.out()).contains("team").contains("dan");
      Ran own = galley(uri, root, null, "permissions", "ls", "--user", "cy");
      assertThat(own.out()).contains("experiment").contains(experiment).contains("MANAGE");
      Ran notManager =
          galley(
              uri,
              dan,
              null,
              "permissions",
              "grant",
              "--experiment",
              experiment,
              "--user",
              "dan",
              "MANAGE");
      assertThat(notManager.exitCode()).isEqualTo(1);
      assertThat(notManager.err()).contains("may not delete or manage");
      Ran repos =
          galley(
              uri,
              root,
              null,
              "permissions",
              "grant",
              "--repositories",
              "public/*",
              "--anyone",
              "READ");
      assertThat(repos.exitCode()).as(repos.err()).isZero();
      assertThat(galley(uri, root, null, "permissions", "ls", "--repositories").out())
          .contains("public/*")
          .contains("anyone");
      Ran audit = galley(uri, root, null, "audit", "--user", "cy", "--since", "1h");
      assertThat(audit.exitCode()).as(audit.err()).isZero();
      assertThat(audit.out())
          .contains("experiments/create")
          .contains("experiments/permissions/create")
          .doesNotContain("cy's password");
      assertThat(galley(uri, cy, null, "audit").exitCode()).isEqualTo(1);
      Ran both =
          galley(
              uri,
              root,
              null,
              "permissions",
              "grant",
              "--experiment",
              experiment,
              "--model",
              "m",
              "--user",
              "dan",
              "READ");
      assertThat(both.exitCode()).isEqualTo(2);
    }
  }

  @Test
  void loginSavesATokenEveryVerbUsesAndLogoutRevokesIt(@TempDir Path dataDir) throws Exception {
    try (ServerProcess server =
        ServerProcess.start(
            dataDir.resolve("server"),
            Map.of("GALLEY_ADMIN_PASSWORD", ROOT_PASSWORD),
            "--access-control",
            "--init-admin",
            "root")) {
      String uri = server.baseUri();
      Path config = dataDir.resolve("home").resolve("galley.json");
      Map<String, String> saved = Map.of("GALLEY_CONFIG", config.toString());
      Ran refused = galley(uri, saved, null, "experiments", "ls");
      assertThat(refused.exitCode()).isEqualTo(1);

      Ran wrong = galley(uri, saved, "not it\n", "login", uri, "-u", "root", "--password-stdin");
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(config).doesNotExist();

      Ran login =
          galley(uri, saved, ROOT_PASSWORD + "\n", "login", uri, "-u", "root", "--password-stdin");
      assertThat(login.exitCode()).as(login.err()).isZero();
      assertThat(login.out()).contains("Logged in to").contains("as root");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(config)).contains("galley_").doesNotContain(ROOT_PASSWORD);
      Ran listed = galley(uri, saved, null, "experiments", "ls");
      assertThat(listed.exitCode()).as(listed.err()).isZero();
      assertThat(galley(uri, saved, null, "tokens", "ls").out()).contains("galley login on");

      // GALLEY_TOKEN wins over the saved one.
      Map<String, String> overridden =
          Map.of("GALLEY_CONFIG", config.toString(), "GALLEY_TOKEN", "galley_000000000000_x");
      assertThat(galley(uri, overridden, null, "experiments", "ls").exitCode()).isEqualTo(1);

      String token =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(config.toFile())
              .path("logins")
              .elements()
              .next()
              .path("token")
              .asText();
      Ran logout = galley(uri, saved, null, "logout", uri);
      assertThat(logout.exitCode()).as(logout.err()).isZero();
      assertThat(Files.readString(config)).doesNotContain(token);
      Ran revoked = galley(uri, Map.of("GALLEY_TOKEN", token), null, "experiments", "ls");
      assertThat(revoked.exitCode()).isEqualTo(1);
      assertThat(revoked.err()).contains("sign in nobody");
    }
  }

  private static Ran galley(String uri, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    Path jar = Path.of("target", "galley.jar").toAbsolutePath();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // The launcher's tuning for short client verbs: a C1-only JIT halves each start.
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--tracking-uri", uri));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("GALLEY_") || k.startsWith("MLFLOW_"));
    builder.environment().putAll(env);
    Process p = builder.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
