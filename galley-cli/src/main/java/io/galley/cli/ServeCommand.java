package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.RunFileUri;
import io.galley.core.registry.ModelSource;
import io.galley.serving.Versions;
import io.galley.serving.fetch.ModelFetcher;
import io.galley.serving.http.CrossOrigins;
import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.ServedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley serve MODEL_URI}: a model answers predictions over HTTP, with MLflow's scoring
 * protocol and the Open Inference Protocol. The model comes from the registry ({@code
 * models:/NAME@ALIAS}, {@code models:/NAME/VERSION}), a run ({@code runs:/RUN_ID/PATH}; both
 * fetched from the tracking server, each file checked against its digest) or a local MLflow model
 * directory.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve a model's predictions over HTTP: MLflow's /invocations and the Open Inference"
            + " Protocol's /v2 (KServe, Triton, Seldon).")
final class ServeCommand implements Callable<Integer> {
  @Mixin ServerLocation tracking;

  @Parameters(
      arity = "0..1",
      paramLabel = "MODEL_URI",
      description =
          "models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/PATH or a local MLflow model"
              + " directory (default: env GALLEY_MODEL_DIR).")
  @Nullable String modelUri;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      defaultValue = "${env:PORT:-8080}",
      description = "Port to listen on (env PORT, default 8080; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "104857600",
      description = "Largest request body (default ${DEFAULT-VALUE}, 100 MiB).")
  long maxBodyBytes = ServingConfig.DEFAULT_MAX_BODY_BYTES;

  @Option(names = "--no-access-log", description = "Do not log a line per request.")
  boolean noAccessLog;

  @Option(
      names = "--cors-allowed-origins",
      split = ",",
      paramLabel = "ORIGIN",
      defaultValue = "${env:GALLEY_CORS_ALLOWED_ORIGINS}",
      description =
          "Web pages allowed to call the model from a browser besides those on the browser's own"
              + " machine, e.g. https://galley.internal; * for any (env"
              + " GALLEY_CORS_ALLOWED_ORIGINS, comma-separated). A model fetched from a tracking"
              + " server also allows that server's web UI.")
  List<String> allowedOrigins = new ArrayList<>();

  @Spec CommandSpec spec;

  /** What to serve: a directory, and the name and version it is served under. */
  private record Source(Path dir, String name, @Nullable String version, @Nullable Path fetched) {}

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new CliUsageException("--port must be between 0 and 65535, got " + port);
    }
    if (maxBodyBytes < 1) {
      throw new CliUsageException("--max-body-bytes must be at least 1");
    }
    String uri = modelUri != null ? modelUri : System.getenv("GALLEY_MODEL_DIR");
    if (uri == null || uri.isBlank()) {
      throw new CliUsageException(
          "Missing MODEL_URI: models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/PATH or a"
              + " model directory (or set GALLEY_MODEL_DIR)");
    }
    CrossOrigins origins;
    try {
      origins = new CrossOrigins(allowedOrigins);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("--cors-allowed-origins: " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    Source source = resolve(uri, err);
    if (source.fetched() != null) {
      // The try-it box of the version's page in the tracking server's UI posts from its origin.
      URI server = tracking.uri();
      origins = origins.with(server.getScheme() + "://" + server.getRawAuthority());
    }
    ServedModel model;
    try {
      model =
          ServedModel.load(source.dir(), ServedModel.factories(), source.name(), source.version());
    } catch (ModelLoadException e) {
      deleteQuietly(source.fetched());
      throw new CliFailureException(String.valueOf(e.getMessage()));
    }
    ServingConfig config =
        ServingConfig.defaults()
            .withHost(host)
            .withPort(port)
            .withMaxBodyBytes(maxBodyBytes)
            .withAccessLog(!noAccessLog)
            .withCrossOrigins(origins);
    ScoringServer server = new ScoringServer(model, config, Versions.galley());
    try {
      server.start();
    } catch (RuntimeException e) {
      model.close();
      deleteQuietly(source.fetched());
      throw new CliFailureException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
    err.println(
        "Serving "
            + uri
            + " ("
            + model.flavor()
            + ") at "
            + server.baseUri()
            + ": POST /invocations, or /v2/models/"
            + model.name()
            + "/infer");
    err.flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  model.close();
                  deleteQuietly(source.fetched());
                  System.err.println("galley serve stopped");
                  System.err.flush();
                  Runtime.getRuntime().halt(0);
                },
                "galley-serve-shutdown"));
    new CountDownLatch(1).await();
    return 0;
  }

  private Source resolve(String uri, PrintWriter err) {
    if (uri.startsWith("runs:/")) {
      RunFileUri run;
      try {
        run =
            RunFileUri.parse(uri).orElseThrow(() -> new CliUsageException("Not a run URI: " + uri));
      } catch (InvalidRequestException e) {
        throw new CliUsageException(e.getMessage());
      }
      String path = run.path().toString();
      String name = path.isEmpty() ? "model" : path.substring(path.lastIndexOf('/') + 1);
      return fetch(tracking.client(), run.runId(), path, name, null, err);
    }
    Path local = Path.of(uri);
    if (!uri.startsWith("models:/") && Files.isDirectory(local)) {
      Path f = local.toAbsolutePath().normalize().getFileName();
      return new Source(local, f == null ? "model" : f.toString(), null, null);
    }
    if (!uri.startsWith("models:/")) {
      throw new CliUsageException(
          "No such model directory: "
              + uri
              + " (a registered model is written models:/NAME@ALIAS"
              + " or models:/NAME/VERSION)");
    }
    GalleyClient client = tracking.client();
    JsonNode version = ModelResolver.resolve(client, ModelResolver.parse(uri));
    String source = version.path("source").asText();
    ModelSource files;
    try {
      files =
          ModelSource.parse(source)
              .orElseThrow(
                  () ->
                      new CliFailureException(
                          uri + " has its files at " + source + ", not in a run Galley tracks"));
    } catch (InvalidRequestException e) {
      throw new CliFailureException(uri + ": " + e.getMessage());
    }
    return fetch(
        client,
        files.runId(),
        files.path().toString(),
        version.path("name").asText(),
        version.path("version").asText(),
        err);
  }

  private static Source fetch(
      GalleyClient client,
      String runId,
      String path,
      String name,
      @Nullable String version,
      PrintWriter err) {
    Path dir;
    try {
      dir = Files.createTempDirectory("galley-serve-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the model: " + e.getMessage(), e);
    }
    try {
      ModelFetcher.Fetched got =
          new ModelFetcher(client).fetch(runId, path, dir, (file, bytes) -> {});
      err.println(
          "Fetched runs:/"
              + runId
              + "/"
              + path
              + ": "
              + got.files()
              + " files, "
              + got.bytes()
              + " bytes, each checked against its digest");
      err.flush();
    } catch (IllegalArgumentException e) {
      deleteQuietly(dir);
      throw new CliFailureException(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
    return new Source(dir, name, version, dir);
  }

  private static void deleteQuietly(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary copy left behind is not worth failing a stop for
    }
  }
}
