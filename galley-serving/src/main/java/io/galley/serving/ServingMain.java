package io.galley.serving;

import io.galley.serving.http.CrossOrigins;
import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.ServedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model server's own entry point, as a model image runs it: the model directory from {@code
 * GALLEY_MODEL_DIR} (default {@code /model}), the port from {@code PORT} (default 8080), the
 * address from {@code HOST} (default every interface: a container's port is reached from outside
 * it), the name and version from {@code GALLEY_MODEL_NAME} and {@code GALLEY_MODEL_VERSION}. No
 * tracking server is needed. Web pages beyond the browser's own machine that may call it from a
 * browser are listed in {@code GALLEY_CORS_ALLOWED_ORIGINS} (comma-separated). Exits 1 with the
 * reason when the model cannot be loaded; SIGTERM lets requests in flight finish first.
 */
public final class ServingMain {
  private ServingMain() {}

  public static void main(String[] args) {
    // Inside an image nothing else configures logging: warnings, and the access log's lines
    // (a -D on the command line still wins).
    Map.of(
            "org.slf4j.simpleLogger.defaultLogLevel", "warn",
            "org.slf4j.simpleLogger.log.io.galley.serving.access", "info",
            "org.slf4j.simpleLogger.showDateTime", "true",
            "org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ")
        .forEach(
            (k, v) -> {
              if (System.getProperty(k) == null) {
                System.setProperty(k, v);
              }
            });
    Map<String, String> env = System.getenv();
    Path dir = Path.of(env.getOrDefault("GALLEY_MODEL_DIR", "/model"));
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
    } catch (NumberFormatException e) {
      System.err.println("galley serve: PORT must be a number");
      System.exit(2);
      return;
    }
    String name = env.getOrDefault("GALLEY_MODEL_NAME", defaultName(dir));
    ServingConfig config =
        ServingConfig.defaults().withHost(env.getOrDefault("HOST", "0.0.0.0")).withPort(port);
    if ("false".equalsIgnoreCase(env.get("GALLEY_ACCESS_LOG"))) {
      config = config.withAccessLog(false);
    }
    try {
      String origins = env.getOrDefault("GALLEY_CORS_ALLOWED_ORIGINS", "");
      config = config.withCrossOrigins(new CrossOrigins(List.of(origins.split(","))));
    } catch (IllegalArgumentException e) {
      System.err.println("galley serve: GALLEY_CORS_ALLOWED_ORIGINS: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(dir, name, env.get("GALLEY_MODEL_VERSION"), config);
  }

  /** Loads and serves until the process is told to stop; exits 1 when the model cannot load. */
  public static void run(Path dir, String name, @Nullable String version, ServingConfig config) {
    ServedModel model;
    try {
      if (!Files.isDirectory(dir)) {
        throw new ModelLoadException(dir + " is not a directory");
      }
      model = ServedModel.load(dir, ServedModel.factories(), name, version);
    } catch (ModelLoadException e) {
      System.err.println("galley serve: " + e.getMessage());
      System.exit(1);
      return;
    }
    ScoringServer server = new ScoringServer(model, config, Versions.galley());
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  model.close();
                },
                "galley-serve-drain"));
    System.err.println(
        "galley serve: "
            + name
            + (version == null ? "" : " version " + version)
            + " ("
            + model.flavor()
            + ") at "
            + server.baseUri()
            + ": POST /invocations, or /v2/models/"
            + name
            + "/infer");
  }

  private static String defaultName(Path dir) {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    return f == null ? "model" : f.toString();
  }
}
