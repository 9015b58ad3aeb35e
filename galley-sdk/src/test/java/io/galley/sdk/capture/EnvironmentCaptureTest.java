package io.galley.sdk.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import io.galley.client.environment.EnvironmentJson;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.MavenCoordinates;
import io.galley.sdk.GitRepo;
import io.galley.sdk.internal.EnvironmentTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capture records real values: this JVM, a real jar and its hash, a real git repository. */
class EnvironmentCaptureTest {

  @Test
  void recordsThisJvmAndMachine(@TempDir Path notARepo) {
    Environment env =
        new EnvironmentCapture(
                CaptureOptions.defaults()
                    .without(CaptureItem.LIBRARIES)
                    .withWorkingDirectory(notARepo))
            .capture();
    assertThat(env.property(Environment.JAVA_VERSION))
        .isEqualTo(System.getProperty("java.version"));
    assertThat(env.property(Environment.JAVA_VERSION))
        .startsWith(Integer.toString(Runtime.version().feature()));
    assertThat(env.property(Environment.JAVA_VENDOR)).isEqualTo(System.getProperty("java.vendor"));
    assertThat(env.property(Environment.OS_ARCH)).isEqualTo(System.getProperty("os.arch"));
    assertThat(env.property(Environment.CPU_COUNT))
        .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    assertThat(env.property(Environment.USER_NAME)).isEqualTo(System.getProperty("user.name"));
    assertThat(env.property(Environment.PROCESS_WORKING_DIR))
        .isEqualTo(System.getProperty("user.dir"));
    assertThat(env.property(Environment.MEMORY_MAX_HEAP_BYTES))
        .isEqualTo(Long.toString(Runtime.getRuntime().maxMemory()));
    assertThat(env.property(Environment.HOST_NAME)).isNotBlank();
    assertThat(env.jvmArguments())
        .containsExactlyElementsOf(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    assertThat(env.git()).isNull();
    assertThat(env.notes()).anyMatch(n -> n.startsWith("git: ") && n.contains("not in a git"));
  }

  @Test
  void recordsAJarOfTheClassPathWithItsCoordinatesAndRealSha256() throws Exception {
    Path jar =
        Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toAbsolutePath()
            .normalize();
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    CaptureOptions onlyLibraries =
        CaptureOptions.none().with(CaptureItem.LIBRARIES, CaptureItem.LIBRARY_HASHES);

    Environment env = new EnvironmentCapture(onlyLibraries).capture();
    Environment again = new EnvironmentCapture(onlyLibraries).capture();

    Library databind =
        env.libraries().stream().filter(l -> l.path().equals(jar.toString())).findFirst().get();
    assertThat(databind.sha256()).isEqualTo(sha256);
    assertThat(databind.sizeBytes()).isEqualTo(Files.size(jar));
    assertThat(databind.fileName()).isEqualTo(jar.getFileName().toString());
    assertThat(databind.maven())
        .isEqualTo(
            new MavenCoordinates(
                "com.fasterxml.jackson.core",
                "jackson-databind",
                PackageVersion.VERSION.toString()));
    assertThat(EnvironmentTags.galley(env))
        .containsEntry(
            "galley.env.lib.com.fasterxml.jackson.core/jackson-databind",
            PackageVersion.VERSION.toString());
    // The test classes directory is on the class path too, as a directory.
    assertThat(env.libraries()).anyMatch(l -> l.directory() && l.path().endsWith("test-classes"));
    // Jars are hashed once per JVM: the second capture reuses the hashes.
    assertThat(again.libraries()).isEqualTo(env.libraries());
    System.out.printf(
        "capture of %d class path entries: first %d ms, again %d ms%n",
        env.libraries().size(), env.captureMillis(), again.captureMillis());
  }

  @Test
  void recordsGitCommitBranchRemoteDirtyFlagAndDiff(@TempDir Path dir) throws Exception {
    GitRepo repo = GitRepo.withOneCommit(dir, "experiment-7");
    repo.git("remote", "add", "origin", "https://alice:s3cr3t-pat@git.example.com/ml/iris.git");
    Files.writeString(dir.resolve("train.py"), "lr = 0.2\nepochs = 10\n");
    Files.writeString(dir.resolve("notes.txt"), "untracked\n");

    Environment env =
        new EnvironmentCapture(
                CaptureOptions.none()
                    .with(CaptureItem.GIT, CaptureItem.GIT_DIFF)
                    .withWorkingDirectory(dir))
            .capture();

    GitState git = env.git();
    assertThat(git).isNotNull();
    assertThat(git.commit()).isEqualTo(repo.git("rev-parse", "HEAD")).hasSize(40);
    assertThat(git.branch()).isEqualTo("experiment-7");
    assertThat(git.remoteUrl()).isEqualTo("https://<redacted>@git.example.com/ml/iris.git");
    assertThat(git.dirty()).isTrue();
    assertThat(git.untracked()).containsExactly("notes.txt");
    assertThat(Path.of(git.root()).toRealPath()).isEqualTo(dir.toRealPath());
    assertThat(git.diff()).contains("-lr = 0.1").contains("+lr = 0.2").doesNotContain("untracked");
    assertThat(git.diffTruncated()).isFalse();
    assertThat(EnvironmentTags.mlflow(env))
        .containsEntry("mlflow.source.git.commit", git.commit())
        .containsEntry("mlflow.source.git.branch", "experiment-7")
        .containsEntry("mlflow.source.git.repoURL", git.remoteUrl());
    assertThat(EnvironmentTags.galley(env)).containsEntry("galley.env.git.dirty", "true");
  }

  @Test
  void aCleanTreeIsNotDirtyAndALongDiffIsCut(@TempDir Path dir) throws Exception {
    GitRepo repo = GitRepo.withOneCommit(dir, "main");
    CaptureOptions git =
        CaptureOptions.none().with(CaptureItem.GIT, CaptureItem.GIT_DIFF).withWorkingDirectory(dir);
    GitState clean = new EnvironmentCapture(git).capture().git();
    assertThat(clean.dirty()).isFalse();
    assertThat(clean.diff()).isEmpty();
    assertThat(clean.commit()).isEqualTo(repo.git("rev-parse", "HEAD"));

    Files.writeString(dir.resolve("train.py"), "x = 1\n".repeat(10_000));
    GitState cut = new EnvironmentCapture(git.withMaxDiffBytes(1000)).capture().git();
    assertThat(cut.diffTruncated()).isTrue();
    assertThat(cut.diff().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1000);

    GitState noDiff = new EnvironmentCapture(git.without(CaptureItem.GIT_DIFF)).capture().git();
    assertThat(noDiff.dirty()).isTrue();
    assertThat(noDiff.diff()).isNull();
  }

  @Test
  void secretLookingVariablesAreNeverRecordedEvenWhenAllowListed() {
    String token = "tok-91c3d2e8f7a6";
    Map<String, String> env =
        Map.of(
            "MY_SERVICE_TOKEN", token,
            "AWS_SECRET_ACCESS_KEY", "aws-secret-0123456789",
            "DB_URL", "postgresql://bob:dbpw-5e6f7a8b@db:5432/x",
            "NOTES", "deploy with " + token,
            "LANG", "C.UTF-8");
    Environment captured =
        new EnvironmentCapture(
                CaptureOptions.none()
                    .with(CaptureItem.ENVIRONMENT_VARIABLES)
                    .withVariables("MY_SERVICE_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_URL", "NOTES"),
                env)
            .capture();
    assertThat(captured.variables())
        .containsOnlyKeys("DB_URL", "NOTES", "LANG")
        .containsEntry("DB_URL", "postgresql://<redacted>@db:5432/x")
        .containsEntry("NOTES", "deploy with <redacted>")
        .containsEntry("LANG", "C.UTF-8");
    assertThat(EnvironmentJson.write(captured))
        .doesNotContain(token)
        .doesNotContain("aws-secret-0123456789")
        .doesNotContain("dbpw-5e6f7a8b");
  }

  @Test
  void nothingIsRecordedWhenCaptureIsOff() {
    Environment env = new EnvironmentCapture(CaptureOptions.none()).capture();
    assertThat(env.properties()).isEmpty();
    assertThat(env.libraries()).isEmpty();
    assertThat(env.jvmArguments()).isEmpty();
    assertThat(env.variables()).isEmpty();
    assertThat(env.git()).isNull();
    assertThat(CaptureOptions.none().enabled()).isFalse();
  }

  @Test
  void librariesWithoutHashesWhenHashingIsOff() {
    Environment env =
        new EnvironmentCapture(CaptureOptions.none().with(CaptureItem.LIBRARIES)).capture();
    assertThat(env.libraries()).isNotEmpty().allSatisfy(l -> assertThat(l.sha256()).isNull());
    assertThat(env.libraries()).anyMatch(l -> l.maven() != null);
  }

  @Test
  void aCapturedEnvironmentReadsBackEqual(@TempDir Path notARepo) {
    Environment env =
        new EnvironmentCapture(CaptureOptions.defaults().withWorkingDirectory(notARepo)).capture();
    assertThat(EnvironmentJson.read(EnvironmentJson.write(env))).isEqualTo(env);
  }
}
