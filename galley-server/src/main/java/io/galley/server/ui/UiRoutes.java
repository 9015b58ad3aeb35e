package io.galley.server.ui;

import io.galley.server.oci.OciErrors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: {@code index.html} for every page URL (the browser routes with the History API), the
 * UI's own files under {@code /ui/} and uPlot from its WebJar under {@code /ui/vendor/uplot/}.
 *
 * <p>Only names of a fixed shape resolve (letters, digits, dashes, one known extension, optionally
 * inside {@code pages/}), so no request can reach another classpath resource; anything else under
 * {@code /ui/} is a plain-text 404, not the API's JSON error. Every response carries a
 * Content-Security-Policy that allows only this origin, so data shown by the UI cannot load or run
 * anything. The one exception is where the model-version page's try-it box may post: model servers
 * ({@code galley serve}) on the browser's own machine, and those configured. The UI's files are
 * revalidated on each use ({@code no-cache} with an ETag, so a new Galley is picked up at once);
 * uPlot's are cached for a day.
 */
public final class UiRoutes {
  /** A web origin as a CSP source: scheme, DNS name or IPv4 address, optional port; no more. */
  private static final Pattern MODEL_SERVER =
      Pattern.compile("https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");

  /** For pages with no script (not-found pages): nothing but this origin. */
  private static final String STRICT_CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private static final String LOOPBACK_MODEL_SERVERS = "http://localhost:* http://127.0.0.1:*";

  private final String csp;

  /** Page URLs the browser may open directly; each answers with index.html. */
  public static final List<String> PAGE_PATHS =
      List.of(
          "/",
          "/experiments",
          "/experiments/<rest>",
          "/runs/<rest>",
          "/compare",
          "/models",
          "/models/<rest>",
          "/images");

  private static final Pattern PAGE =
      Pattern.compile("/|/experiments(/.*)?|/runs/.+|/compare|/models(/.*)?|/images");

  /** Whether {@code path} is one of {@link #PAGE_PATHS}: a page that holds no data itself. */
  public static boolean isPage(String path) {
    return PAGE.matcher(path).matches();
  }

  private static final String ROOT = "/io/galley/server/ui/";
  private static final Pattern ASSET =
      Pattern.compile("(?:pages/)?[a-z0-9][a-z0-9-]*\\.(?:js|css|svg|html)");
  private static final String UPLOT_VERSION = webjarVersion("uplot");
  private static final Map<String, String> VENDOR =
      Map.of(
          "uplot/uPlot.esm.js", uplot("dist/uPlot.esm.js"),
          "uplot/uPlot.min.css", uplot("dist/uPlot.min.css"),
          "uplot/LICENSE", uplot("LICENSE"));

  private final Map<String, Optional<UiAsset>> cache = new ConcurrentHashMap<>();

  /** The UI, whose try-it box may post to model servers on the browser's machine only. */
  public UiRoutes() {
    this(List.of());
  }

  /**
   * @param modelServers origins ({@code https://models.internal:8080}) of model servers on other
   *     hosts the try-it box may post to
   * @throws IllegalArgumentException naming an entry that is not such an origin
   */
  public UiRoutes(List<String> modelServers) {
    StringBuilder connect = new StringBuilder("'self' ").append(LOOPBACK_MODEL_SERVERS);
    for (String server : modelServers) {
      String origin = server.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
      if (!MODEL_SERVER.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "'" + server + "' is not a model server's origin such as http://models.internal:8080");
      }
      connect.append(' ').append(origin);
    }
    this.csp = STRICT_CSP.replace("connect-src 'self'", "connect-src " + connect);
  }

  /** The policy the UI's pages and files are served with. */
  String contentSecurityPolicy() {
    return csp;
  }

  public void mount(RoutesConfig routing) {
    for (String path : PAGE_PATHS) {
      routing.get(path, this::index);
      // Link checkers and proxies ask with HEAD; they get GET's headers (Jetty drops the body).
      routing.head(path, this::index);
    }
    routing.get("/ui/vendor/<path>", ctx -> vendor(ctx, ctx.pathParam("path")));
    routing.get("/ui/<path>", ctx -> asset(ctx, ctx.pathParam("path")));
  }

  private void index(Context ctx) {
    serve(ctx, csp, find(ROOT + "index.html"), "no-cache");
  }

  private void asset(Context ctx, String name) {
    if (!ASSET.matcher(name).matches()) {
      notFound(ctx);
      return;
    }
    serve(ctx, csp, find(ROOT + name), "no-cache");
  }

  private void vendor(Context ctx, String name) {
    String resource = VENDOR.get(name);
    if (resource == null) {
      notFound(ctx);
      return;
    }
    serve(ctx, csp, find(resource), "public, max-age=86400");
  }

  private Optional<UiAsset> find(String resource) {
    return cache.computeIfAbsent(resource, UiAsset::load);
  }

  private static void serve(Context ctx, String csp, Optional<UiAsset> found, String cacheControl) {
    if (found.isEmpty()) {
      notFound(ctx);
      return;
    }
    UiAsset asset = found.get();
    securityHeaders(ctx, csp);
    ctx.header("Cache-Control", cacheControl);
    ctx.header("ETag", asset.etag());
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private static void notFound(Context ctx) {
    securityHeaders(ctx);
    ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found\n");
  }

  /**
   * Whether an unknown URL was opened by a browser (a GET or HEAD that accepts HTML, outside the
   * APIs), which should get a page rather than the API's JSON error.
   */
  public static boolean isBrowserPageRequest(Context ctx) {
    String method = ctx.req().getMethod();
    String accept = ctx.header("Accept");
    String path = ctx.path();
    return (method.equals("GET") || method.equals("HEAD"))
        && accept != null
        && accept.contains("text/html")
        && !path.startsWith("/api/")
        && !path.startsWith("/ajax-api/")
        && !OciErrors.isRegistryPath(path);
  }

  /** A small HTML not-found page that names the path and links home; no script, no style. */
  public static void notFoundPage(Context ctx) {
    securityHeaders(ctx);
    String path = escapeHtml(ctx.path());
    ctx.status(404)
        .contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Not found · Galley</title></head><body><main><h1>Not found</h1>"
                + "<p>Galley has no page at <code>"
                + path
                + "</code>.</p><p><a href=\"/\">Go to Galley's home page</a></p></main></body>"
                + "</html>\n");
  }

  private static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void securityHeaders(Context ctx) {
    securityHeaders(ctx, STRICT_CSP);
  }

  private static void securityHeaders(Context ctx, String csp) {
    ctx.header("Content-Security-Policy", csp);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
  }

  private static String uplot(String file) {
    return "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/" + file;
  }

  /** The version of an npm WebJar on the classpath, from the pom.properties Maven packs in it. */
  private static String webjarVersion(String name) {
    String resource = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = UiRoutes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The " + name + " WebJar is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
