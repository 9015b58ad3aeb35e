package io.galley.oci.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Docker's credential-helper protocol ({@code docker/docker-credential-helpers}): {@code
 * docker-credential-NAME get} reads the server URL on stdin and writes {@code {"Username": ...,
 * "Secret": ...}}; a user name {@code <token>} means the secret is an identity token.
 */
@FunctionalInterface
public interface CredentialHelper {
  /** The helper's credential for {@code serverUrl}; empty when it has none. */
  Optional<RegistryCredential> get(String helper, String serverUrl);

  /** Runs the helper programs found on PATH, as Docker's CLI does. */
  static CredentialHelper programs() {
    return (helper, serverUrl) -> {
      String program = "docker-credential-" + helper;
      if (!helper.matches("[A-Za-z0-9._-]+")) {
        throw new RegistryException(0, null, "invalid credential helper name '" + helper + "'");
      }
      Process p;
      try {
        p = new ProcessBuilder(program, "get").start();
      } catch (IOException e) {
        throw new RegistryException(
            0,
            null,
            "error getting credentials: "
                + program
                + " is not installed (the Docker config names"
                + " it for "
                + serverUrl
                + ")");
      }
      try {
        try (OutputStream in = p.getOutputStream()) {
          in.write(serverUrl.getBytes(UTF_8));
        }
        byte[] out = p.getInputStream().readNBytes(64 * 1024);
        byte[] err = p.getErrorStream().readNBytes(64 * 1024);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new RegistryException(0, null, program + " did not answer in 30 s");
        }
        String said = (new String(out, UTF_8) + new String(err, UTF_8)).strip();
        if (p.exitValue() != 0) {
          if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
            return Optional.empty();
          }
          throw new RegistryException(
              0, null, "error getting credentials from " + program + ": " + firstLine(said));
        }
        JsonNode answer = new ObjectMapper().readTree(out);
        String user = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        if (secret.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(
            user.equals("<token>")
                ? new RegistryCredential.IdentityToken(secret)
                : new RegistryCredential.Basic(user, secret));
      } catch (IOException e) {
        throw new RegistryException(
            0, null, "error getting credentials from " + program + ": " + e.getMessage());
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new RegistryException(0, null, "interrupted while " + program + " ran");
      }
    };
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
