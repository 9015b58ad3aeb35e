package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says and returns before any server is involved. */
class CliUsageTest {

  @Test
  void helpListsEveryVerb() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("server", "experiments", "runs", "artifacts", "models", "gc", "example")
        .startsWith("Usage: galley");
  }

  @Test
  void buildsOutputsAreCheckedBeforeTheServerIsAsked() {
    // Port 1: a usage error must come first, without trying the server.
    String[] server = {"--tracking-uri", "http://127.0.0.1:1"};
    CliRunner noTag = CliRunner.run(concat(new String[] {"build", "models:/iris/1"}, server));
    assertThat(noTag.exitCode()).isEqualTo(2);
    assertThat(noTag.err()).contains("'--tag=REPO[:TAG]' (or --push REGISTRY/REPO[:TAG])");
    CliRunner badPush =
        CliRunner.run(
            concat(new String[] {"build", "models:/iris/1", "--push", "Bad Ref"}, server));
    assertThat(badPush.exitCode()).isEqualTo(2);
    assertThat(badPush.err()).startsWith("Error: --push: Invalid");
    CliRunner byDigest =
        CliRunner.run(
            concat(
                new String[] {
                  "build", "models:/iris/1", "--push", "h.example/x@sha256:" + "a".repeat(64)
                },
                server));
    assertThat(byDigest.exitCode()).isEqualTo(2);
    assertThat(byDigest.err()).contains("names a tag, not a digest");
    CliRunner noDir =
        CliRunner.run(
            concat(
                new String[] {"build", "models:/iris/1", "-t", "x", "--tar", "/no/such/dir/x.tar"},
                server));
    assertThat(noDir.exitCode()).isEqualTo(2);
    assertThat(noDir.err()).contains("the directory of /no/such/dir/x.tar does not exist");
    CliRunner artifactFrom =
        CliRunner.run(
            concat(
                new String[] {
                  "build", "models:/iris/1", "-t", "x", "--artifact", "--from", "h.example/b:1"
                },
                server));
    assertThat(artifactFrom.exitCode()).isEqualTo(2);
    assertThat(artifactFrom.err()).contains("an artifact has no base");
    CliRunner artifactPush =
        CliRunner.run(
            concat(
                new String[] {"build", "models:/iris/1", "--artifact", "--push", "h.example/x:1"},
                server));
    assertThat(artifactPush.exitCode()).isEqualTo(2);
    assertThat(artifactPush.err()).contains("--artifact writes to Galley's registry only");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void noVerbIsAUsageError() {
    CliRunner r = CliRunner.run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing a command");
  }

  @Test
  void unknownVerbIsAUsageErrorThatListsTheVerbs() {
    CliRunner r = CliRunner.run("fly");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "Error: 'galley fly' is not a command.\n"
                + "The commands of 'galley': server, experiments, runs, artifacts, models, serve,"
                + " build, base, gc, image, images, pull, users, tokens, groups, permissions, login, logout, audit, example, help.\n"
                + "Run 'galley --help' for usage.\n");
  }

  @Test
  void aNearMissSuggestsTheVerbMeantAtEveryLevel() {
    CliRunner top = CliRunner.run("runz", "ls");
    assertThat(top.exitCode()).isEqualTo(2);
    assertThat(top.err())
        .startsWith("Error: 'galley runz' is not a command; did you mean 'runs'?\n");
    CliRunner sub = CliRunner.run("runs", "lss");
    assertThat(sub.exitCode()).isEqualTo(2);
    assertThat(sub.err())
        .isEqualTo(
            "Error: 'galley runs lss' is not a command; did you mean 'ls'?\n"
                + "The commands of 'galley runs': ls, show, env, diff, best, worst.\n"
                + "Run 'galley runs --help' for usage.\n");
  }

  @Test
  void dockersVerbsSayTheyAreNotBuiltInsteadOfSuggestingAnotherVerb() {
    for (String verb : List.of("run", "ps", "rmi")) {
      CliRunner r = CliRunner.run(verb, "busybox");
      assertThat(r.exitCode()).as(verb).isEqualTo(2);
      assertThat(r.err())
          .as(verb)
          .startsWith(
              "Error: Galley has no '"
                  + verb
                  + "' command yet; Docker's image and container verbs are not built yet.\n")
          .doesNotContain("did you mean");
    }
  }

  @Test
  void theLauncherKnowsEveryVerb() throws IOException {
    // The launcher picks a JVM tuning and a class-data archive by the first word typed.
    List<String> script = Files.readAllLines(Path.of("..", "galley"));
    List<String> named = new ArrayList<>();
    for (String line : script) {
      Matcher m = Pattern.compile("^  ([a-z|]+)\\)").matcher(line);
      if (m.find()) {
        named.addAll(List.of(m.group(1).split("\\|")));
      }
    }
    named.add("help");
    assertThat(named).containsExactlyInAnyOrderElementsOf(GalleyCommand.verbNames());
  }

  @Test
  void aVerbBuiltAloneAnswersAsInTheWholeCommandLine() {
    for (List<String> args :
        List.of(
            List.of("runs", "--help"),
            List.of("models", "show", "--help"),
            List.of("server", "--help"),
            List.of("artifacts", "rm", "--help"))) {
      StringWriter whole = new StringWriter();
      int code =
          GalleyCommand.commandLine(
                  new PrintWriter(whole, true), new PrintWriter(new StringWriter(), true))
              .execute(args.toArray(String[]::new));
      CliRunner alone = CliRunner.run(args.toArray(String[]::new));
      assertThat(alone.exitCode()).as("%s", args).isEqualTo(code).isZero();
      assertThat(alone.out())
          .as("%s", args)
          .isEqualTo(whole.toString())
          .startsWith("Usage: galley");
    }
    CliRunner help = CliRunner.run("help", "runs");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: galley runs");
  }

  @Test
  void runsBestNeedsAMetric() {
    CliRunner r = CliRunner.run("runs", "best", "--experiment", "iris");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--metric=<metric>'");
  }

  @Test
  void maxAndMinExcludeEachOther() {
    CliRunner r = CliRunner.run("runs", "best", "-e", "iris", "-m", "acc", "--max", "--min");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void badNIsAUsageErrorThatNamesTheHelp() {
    CliRunner r = CliRunner.run("runs", "worst", "-e", "iris", "-m", "acc", "-n", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("-n must be at least 1")
        .contains("Run 'galley runs worst --help'");
  }

  @Test
  void badTrackingUriIsAUsageError() {
    CliRunner r = CliRunner.run("experiments", "ls", "--tracking-uri", "ftp://x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--tracking-uri must be http(s)://host:port");
  }

  @Test
  void unreachableServerSaysHowToStartOne() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    CliRunner r =
        CliRunner.run("experiments", "ls", "--tracking-uri", "http://127.0.0.1:" + freePort);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("Cannot reach the Galley server at http://127.0.0.1:" + freePort)
        .contains("./galley server");
  }

  @Test
  void serverRejectsAPortOutOfRange() {
    CliRunner r = CliRunner.run("server", "--port", "70000");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--port must be between 0 and 65535");
  }

  @Test
  void originsThatAreNotWebOriginsAreUsageErrors(@TempDir Path dir) {
    CliRunner server =
        CliRunner.run(
            "server",
            "--model-servers",
            "http://ok.internal:8080,models.internal",
            "--data-dir",
            dir.resolve("d").toString());
    assertThat(server.exitCode()).isEqualTo(2);
    assertThat(server.err())
        .contains("--model-servers: 'models.internal' is not a model server's origin");
    assertThat(dir.resolve("d")).doesNotExist();

    CliRunner serve =
        CliRunner.run("serve", dir.toString(), "--cors-allowed-origins", "https://ui/x");
    assertThat(serve.exitCode()).isEqualTo(2);
    assertThat(serve.err()).contains("--cors-allowed-origins: 'https://ui/x' is not a web origin");
  }

  @Test
  void aPortInUseIsNamedBeforeTheDataDirIsTouched(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path dataDir = dir.resolve("galley-data");
      CliRunner r =
          CliRunner.run(
              "server", "--port", Integer.toString(port), "--data-dir", dataDir.toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .contains("Port " + port + " on 127.0.0.1 is in use")
          .contains("--port")
          .doesNotContain("Exception")
          .doesNotContain("GALLEY_DEBUG");
      assertThat(dataDir).doesNotExist();
    }
  }

  @Test
  void serverRejectsABadArtifactsDestination() {
    CliRunner r = CliRunner.run("server", "--artifacts-destination", "bucket/prefix");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--artifacts-destination", "s3://bucket/prefix");
  }

  @Test
  void everyModelsVerbHasCleanHelp() {
    for (String verb : new String[] {"ls", "show", "alias"}) {
      CliRunner r = CliRunner.run("models", verb, "--help");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).startsWith("Usage: galley models " + verb);
      assertThat(r.err()).as(verb).isEmpty();
    }
  }

  @Test
  void aMalformedModelReferenceIsAUsageErrorBeforeAnyServerIsAsked() {
    CliRunner r = CliRunner.run("models", "show", "iris@", "--tracking-uri", "http://127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Not a model reference: 'iris@'. Use models:/NAME/VERSION, models:/NAME@ALIAS,"
                + " models:/NAME/STAGE or models:/NAME/latest",
            "Run 'galley models show --help' for usage.");
  }

  @Test
  void anUnknownStageIsAUsageError() {
    CliRunner r = CliRunner.run("models", "show", "models:/iris/Prod");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("Invalid Model Version stage: Prod")
        .contains("Run 'galley models show --help'");
  }

  @Test
  void aliasNeedsAVersionNumberUnlessDeleting() {
    CliRunner missing = CliRunner.run("models", "alias", "iris", "champion");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing VERSION", "Run 'galley models alias --help'");
    CliRunner notANumber = CliRunner.run("models", "alias", "iris", "champion", "v3");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("VERSION must be a version number (1, 2, ...), got v3");
    CliRunner deleteWithVersion = CliRunner.run("models", "alias", "--delete", "iris", "c", "3");
    assertThat(deleteWithVersion.exitCode()).isEqualTo(2);
    assertThat(deleteWithVersion.err()).contains("--delete takes NAME ALIAS only");
  }

  @Test
  void modelsLsRejectsANonPositiveN() {
    CliRunner r = CliRunner.run("models", "ls", "-n", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("-n must be at least 1", "Run 'galley models ls --help'");
  }
}
