package io.galley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Secrets secrets =
      new Secrets(
          Map.of("GH_TOKEN", "ghp_0123456789abcdef", "SHORT_KEY", "abc", "LANG", "C.UTF-8"));

  @Test
  void namesThatLookSecret() {
    assertThat(
            List.of(
                "GH_TOKEN", "aws_secret_access_key", "DB_PASSWORD", "Api-Key", "MY_CREDENTIALS"))
        .allMatch(Secrets::isSecretName);
    assertThat(List.of("PATH", "JAVA_HOME", "LANG", "TZ", "CUDA_VISIBLE_DEVICES"))
        .noneMatch(Secrets::isSecretName);
  }

  @Test
  void assignmentsFlagsUrlsAndKnownValuesAreRedacted() {
    assertThat(secrets.redact("-Ddb.password=hunter2")).isEqualTo("-Ddb.password=<redacted>");
    assertThat(secrets.redact("java -Dapi.key=k1 -Dx=1 Main --api-token t2 --epochs 3"))
        .isEqualTo("java -Dapi.key=<redacted> -Dx=1 Main --api-token <redacted> --epochs 3");
    assertThat(secrets.redact("https://bob:pw@git.example.com/r.git"))
        .isEqualTo("https://<redacted>@git.example.com/r.git");
    assertThat(secrets.redact("pushed with ghp_0123456789abcdef today"))
        .isEqualTo("pushed with <redacted> today");
    // Values too short to be secrets stay: "abc" must not vanish from every text.
    assertThat(secrets.redact("abc")).isEqualTo("abc");
    // PATH-like lists survive even when a directory name holds a secret word.
    assertThat(secrets.redact("/home/monkey/bin:/usr/bin")).isEqualTo("/home/monkey/bin:/usr/bin");
  }

  @Test
  void theArgumentAfterASecretFlagIsRedacted() {
    assertThat(
            secrets.redactArguments(
                List.of(
                    "--password", "p@ss", "--epochs", "3", "--token=t", "-Dtrust.keystore=/ks")))
        .containsExactly(
            "--password",
            "<redacted>",
            "--epochs",
            "3",
            "--token=<redacted>",
            "-Dtrust.keystore=<redacted>");
  }
}
