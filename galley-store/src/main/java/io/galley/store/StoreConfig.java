package io.galley.store;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the metadata store lives: a JDBC URL with its credentials. Built from the server's {@code
 * --backend-store-uri} ({@code postgresql://user:pass@host:port/db} or a JDBC URL), or an H2 file
 * database inside the data dir when none is given.
 */
public record StoreConfig(String jdbcUrl, @Nullable String user, @Nullable String password) {

  static final String SETTING = "--backend-store-uri";

  /**
   * H2 keeps no redo log: a commit reaches the file only when the MVStore writes a chunk, which by
   * default happens in the background up to {@code WRITE_DELAY} (500 ms) later, so a {@code kill
   * -9} loses commits already acknowledged. {@code WRITE_DELAY=0} makes each commit write its chunk
   * before returning. (The OS may still hold it in its cache: a power cut can lose it, a process
   * crash cannot.) {@code LOCK_TIMEOUT} lets writers to one run queue instead of failing after H2's
   * default 1 s.
   *
   * <p>Each commit then writes a chunk of its own, which grows the file: {@link H2FileCompaction}.
   */
  static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

  public StoreConfig {
    requireNonNull(jdbcUrl, "jdbcUrl");
  }

  public static StoreConfig fromUri(@Nullable String backendStoreUri, Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    if (backendStoreUri == null || backendStoreUri.isBlank()) {
      return h2(dataDir);
    }
    String uri = backendStoreUri.strip();
    if (uri.startsWith("jdbc:")) {
      return new StoreConfig(uri, null, null);
    }
    int colon = uri.indexOf("://");
    String scheme = colon < 0 ? "" : uri.substring(0, colon);
    if (scheme.equals("postgresql")
        || scheme.equals("postgres")
        || scheme.startsWith("postgresql+")) {
      return postgres(uri);
    }
    throw invalid(
        uri,
        "use postgresql://user:password@host:port/database, a jdbc: URL, or leave "
            + SETTING
            + " unset for the embedded H2 database in the data directory");
  }

  /**
   * The JDBC URL up to its settings ({@code ;}) or query ({@code ?}) and without a {@code
   * user:password@} part, any of which may hold a password: what messages, logs and the server's
   * first lines show.
   */
  public String shownUrl() {
    return jdbcUrl.split("[;?]", 2)[0].replaceFirst("//[^/@]*@", "//");
  }

  /** The URL without its password, for messages and logs. */
  @Override
  public String toString() {
    return "StoreConfig[" + shownUrl() + ", user=" + user + "]";
  }

  private static StoreConfig h2(Path dataDir) {
    String path = dataDir.toAbsolutePath().normalize().resolve("galley").toString();
    if (path.contains(";")) {
      throw new InvalidRequestException(
          "The data directory '" + dataDir + "' contains ';', which an H2 URL cannot hold");
    }
    return new StoreConfig("jdbc:h2:file:" + path + H2_SETTINGS, null, null);
  }

  private static StoreConfig postgres(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw invalid(uri, "it is not a valid URI (" + e.getReason() + ")");
    }
    String host = parsed.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid(uri, "it names no host: use postgresql://user:password@host:port/database");
    }
    String path = parsed.getRawPath();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw invalid(uri, "it names no database: use postgresql://user:password@host:port/database");
    }
    int port = parsed.getPort() < 0 ? 5432 : parsed.getPort();
    String user = null;
    String password = null;
    String userInfo = parsed.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int sep = userInfo.indexOf(':');
      try {
        user = decode(sep < 0 ? userInfo : userInfo.substring(0, sep));
        password = sep < 0 ? null : decode(userInfo.substring(sep + 1));
      } catch (IllegalArgumentException e) {
        throw invalid(uri, "its user or password is not percent-encoded correctly");
      }
    }
    String query = parsed.getRawQuery();
    String url =
        "jdbc:postgresql://"
            + host
            + ":"
            + port
            + path
            + (query == null || query.isEmpty() ? "" : "?" + query);
    return new StoreConfig(url, user, password);
  }

  /** Percent-decoding as SQLAlchemy does it: a '+' stays a '+'. */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static InvalidRequestException invalid(String uri, String why) {
    return new InvalidRequestException(
        "Invalid " + SETTING + " '" + withoutPassword(uri) + "': " + why);
  }

  private static String withoutPassword(String uri) {
    return uri.replaceFirst("^([^:/]+://[^:@/]*):[^@/]*@", "$1:***@");
  }
}
