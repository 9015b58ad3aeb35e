package io.galley.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens {@code galley login} saved, one per server, in the user's config file: {@code
 * $GALLEY_CONFIG}, else {@code $XDG_CONFIG_HOME/galley/config.json}, else {@code
 * ~/.config/galley/config.json}. The file is readable by its owner only (mode 0600, in a 0700
 * directory), written whole to a temporary file and moved into place, so that a crash never leaves
 * half of it. Servers are keyed by scheme, host and port.
 */
public final class SavedLogins {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** A saved login: who signed in and the token made for this machine. */
  public record Login(String username, String token, String tokenId) {
    public Login {
      requireNonNull(username, "username");
      requireNonNull(token, "token");
      requireNonNull(tokenId, "tokenId");
    }

    @Override
    public String toString() {
      return "Login[" + username + ", " + tokenId + "]"; // the secret stays out of logs
    }
  }

  private final Path file;

  public SavedLogins(Path file) {
    this.file = requireNonNull(file, "file");
  }

  /** The logins file the environment names. */
  public static SavedLogins of(Map<String, String> env) {
    String explicit = env.get("GALLEY_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return new SavedLogins(Path.of(explicit));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return new SavedLogins(base.resolve("galley").resolve("config.json"));
  }

  public Path file() {
    return file;
  }

  /** The login saved for {@code server}, if any; a file that cannot be read holds none. */
  public Optional<Login> find(URI server) {
    JsonNode login = read().path("logins").path(key(server));
    if (!login.path("token").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(
        new Login(
            login.path("username").asText(""),
            login.path("token").asText(),
            login.path("token_id").asText("")));
  }

  /** Saves (or replaces) the login for {@code server}. */
  public void save(URI server, Login login) {
    ObjectNode root = read();
    ObjectNode logins =
        root.path("logins") instanceof ObjectNode existing ? existing : root.putObject("logins");
    ObjectNode entry = logins.putObject(key(server));
    entry.put("username", login.username());
    entry.put("token", login.token());
    entry.put("token_id", login.tokenId());
    write(root);
  }

  /** Removes the login for {@code server}; the one removed, if there was one. */
  public Optional<Login> remove(URI server) {
    Optional<Login> old = find(server);
    if (old.isPresent()) {
      ObjectNode root = read();
      if (root.path("logins") instanceof ObjectNode logins) {
        logins.remove(key(server));
      }
      write(root);
    }
    return old;
  }

  /** {@code http://host:port}, lower-case, the default port written out. */
  static String key(URI server) {
    String scheme =
        server.getScheme() == null ? "http" : server.getScheme().toLowerCase(Locale.ROOT);
    int port = server.getPort() >= 0 ? server.getPort() : scheme.equals("https") ? 443 : 80;
    String host = server.getHost() == null ? "" : server.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + ":" + port;
  }

  private ObjectNode read() {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      return root instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private void write(ObjectNode root) {
    try {
      Path dir = requireNonNull(file.toAbsolutePath().getParent(), "the config file's directory");
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path temp = dir.resolve("." + file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      // Created owner-only, before a byte of a secret is in it.
      try {
        if (posix) {
          Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createFile(temp);
        }
      } catch (FileAlreadyExistsException e) {
        throw new IOException("another galley is writing " + file, e);
      }
      Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (posix) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
