package io.galley.oci.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.galley.oci.name.OciReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials Docker's CLI would use for a registry, from its config file ({@code
 * $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}), looked up as Docker does: the
 * registry's {@code credHelpers} entry, else the {@code credsStore}, else the {@code auths} entry
 * (its {@code auth}, {@code username}/{@code password}, {@code identitytoken} or {@code
 * registrytoken}). Keys match by host, whatever scheme or path they were saved with; Docker Hub's
 * key is {@code https://index.docker.io/v1/}.
 */
public final class DockerCredentials {
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final JsonNode config;
  private final Path file;
  private final CredentialHelper helpers;

  private DockerCredentials(JsonNode config, Path file, CredentialHelper helpers) {
    this.config = config;
    this.file = file;
    this.helpers = helpers;
  }

  /** The config file the environment points to; none at all reads as no credentials. */
  public static DockerCredentials fromEnvironment(Map<String, String> env) {
    return of(configFile(env), CredentialHelper.programs());
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  public static Path configFile(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  public static DockerCredentials of(Path file, CredentialHelper helpers) {
    requireNonNull(helpers, "helpers");
    JsonNode config = MissingNode.getInstance();
    if (Files.isRegularFile(file)) {
      try {
        config = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new RegistryException(
            0, null, "the Docker config " + file + " is not valid JSON: " + e.getMessage());
      }
    }
    return new DockerCredentials(config, file, helpers);
  }

  public Path file() {
    return file;
  }

  /** What to sign in to {@code registry} ({@code host[:port]}, or {@code docker.io}) with. */
  public RegistryCredential forRegistry(String registry) {
    String host = hostOf(registry);
    String serverUrl = host.equals(OciReference.DOCKER_HUB) ? DOCKER_HUB_KEY : host;
    Optional<String> helper = entry(config.path("credHelpers"), host).map(JsonNode::asText);
    if (helper.isPresent() && !helper.get().isEmpty()) {
      return helpers.get(helper.get(), serverUrl).orElse(RegistryCredential.ANONYMOUS);
    }
    String store = config.path("credsStore").asText("");
    if (!store.isEmpty()) {
      Optional<RegistryCredential> stored = helpers.get(store, serverUrl);
      if (stored.isPresent()) {
        return stored.get();
      }
    }
    return entry(config.path("auths"), host)
        .flatMap(DockerCredentials::fromAuthEntry)
        .orElse(RegistryCredential.ANONYMOUS);
  }

  private static Optional<RegistryCredential> fromAuthEntry(JsonNode entry) {
    String identity = entry.path("identitytoken").asText("");
    if (!identity.isEmpty()) {
      return Optional.of(new RegistryCredential.IdentityToken(identity));
    }
    String registryToken = entry.path("registrytoken").asText("");
    if (!registryToken.isEmpty()) {
      return Optional.of(new RegistryCredential.Bearer(registryToken));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(auth.strip()), UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RegistryException(0, null, "an auths entry of the Docker config is not base64");
      }
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new RegistryException(0, null, "an auths entry of the Docker config has no ':'");
      }
      return Optional.of(
          new RegistryCredential.Basic(pair.substring(0, colon), pair.substring(colon + 1)));
    }
    String user = entry.path("username").asText("");
    if (!user.isEmpty()) {
      return Optional.of(new RegistryCredential.Basic(user, entry.path("password").asText("")));
    }
    return Optional.empty();
  }

  /** The entry of {@code map} whose key names {@code host}, however it was written. */
  private static Optional<JsonNode> entry(JsonNode map, String host) {
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (hostOf(e.getKey()).equals(host)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://h:5000/x} → {@code
   * h:5000}.
   */
  static String hostOf(String key) {
    String k = key.strip();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
      return OciReference.DOCKER_HUB;
    }
    return k;
  }
}
