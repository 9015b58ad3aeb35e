package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.client.GalleyClient;
import io.galley.client.mlflow.ModelVersionJson;
import io.galley.serving.fetch.ModelFetcher;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.ReferenceRegistry;
import io.galley.testing.tools.SystemTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * {@code galley serve models:/iris@champion} from the packaged distribution, against the champion
 * {@code galley example iris} registers: for every held-out row (the run's own {@code
 * data/test.csv}), in each of MLflow's five input forms and through the Open Inference Protocol,
 * the served label and scores are exactly the in-process model's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SERVING = Pattern.compile(" at (http://\\S+): POST");
  private static final List<String> FEATURES =
      List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

  private ServerProcess tracking;
  private String trackingUri;
  private Process serve;
  private final List<String> output = new ArrayList<>();
  private String uri;
  private Model<Label> model;
  private List<double[]> rows;
  private String testCsv;
  private String exampleOut;
  private GalleyClient client;
  private Path work;
  private String firstServersDigest;

  @BeforeAll
  void serveTheChampion(@TempDir Path dir) throws Exception {
    // The packaged distribution's server: it knows the model server's jars, which images need.
    // A first server process trains and builds; the one the tests use then takes over the same
    // data with another time zone, locale and umask (and an empty layer cache), so a build there
    // shows whether the image is reproducible (theSameVersionBuiltByAnotherServerHasOneDigest).
    Path data = dir.resolve("data");
    try (ServerProcess first =
        ServerProcess.startWithUmask(
            data,
            Map.of("TZ", "UTC", "JAVA_TOOL_OPTIONS", "-Duser.language=en -Duser.country=US"),
            "022")) {
      CliRunner example = CliRunner.run("example", "iris", "--tracking-uri", first.baseUri());
      assertThat(example.exitCode()).as(example.err()).isZero();
      exampleOut = example.out();
      firstServersDigest = builtDigest(first.baseUri(), "repro/iris:one");
    }
    tracking =
        ServerProcess.startWithUmask(
            data,
            Map.of(
                "TZ",
                "Pacific/Chatham",
                "JAVA_TOOL_OPTIONS",
                "-Duser.language=tr -Duser.country=TR -Duser.timezone=Pacific/Chatham"),
            "077");
    trackingUri = tracking.baseUri();
    work = dir;

    client = GalleyClient.builder(URI.create(trackingUri)).build();
    ModelVersionJson champion = client.getModelVersionByAlias("iris", "champion");
    String runId = champion.runId();
    client.downloadArtifact(runId, "data/test.csv", dir.resolve("test.csv"));
    new ModelFetcher(client).fetch(runId, "model", dir.resolve("model"), (p, b) -> {});
    model = Model.deserializeFromFile(dir.resolve("model/model.tribuo")).castModel(Label.class);
    testCsv = Files.readString(dir.resolve("test.csv"));
    rows = new ArrayList<>();
    for (String line : testCsv.lines().skip(1).toList()) {
      String[] f = line.split(",");
      rows.add(
          new double[] {
            Double.parseDouble(f[0]),
            Double.parseDouble(f[1]),
            Double.parseDouble(f[2]),
            Double.parseDouble(f[3])
          });
    }
    assertThat(rows).hasSize(30);

    serve =
        start(
            "serve",
            "models:/iris@champion",
            "--port",
            "0",
            "--no-access-log",
            "--tracking-uri",
            trackingUri);
    uri = awaitUri(serve);
  }

  @AfterAll
  void stop() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
    tracking.close();
  }

  @Test
  void everyHeldOutRowGetsTheInProcessModelsPredictionInEveryFormat() throws Exception {
    List<Map<String, Object>> records = new ArrayList<>();
    Map<String, List<Double>> columns = new LinkedHashMap<>();
    List<List<Double>> split = new ArrayList<>();
    for (double[] r : rows) {
      Map<String, Object> record = new HashMap<>();
      List<Double> values = new ArrayList<>();
      for (int c = 0; c < FEATURES.size(); c++) {
        record.put(FEATURES.get(c), r[c]);
        values.add(r[c]);
        columns.computeIfAbsent(FEATURES.get(c), k -> new ArrayList<>()).add(r[c]);
      }
      records.add(record);
      split.add(values);
    }
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put(
        "dataframe_split",
        JSON.writeValueAsString(
            Map.of("dataframe_split", Map.of("columns", FEATURES, "data", split))));
    bodies.put("dataframe_records", JSON.writeValueAsString(Map.of("dataframe_records", records)));
    bodies.put("instances", JSON.writeValueAsString(Map.of("instances", records)));
    bodies.put("inputs", JSON.writeValueAsString(Map.of("inputs", columns)));
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      assertSame(body.getKey(), post("/invocations", "application/json", body.getValue()));
    }
    // The run's CSV as it was logged: its species column is not an input and is ignored.
    assertSame("text/csv", post("/invocations", "text/csv", testCsv));

    List<Map<String, Object>> inputs = new ArrayList<>();
    columns.forEach(
        (name, values) ->
            inputs.add(
                Map.of(
                    "name",
                    name,
                    "shape",
                    List.of(values.size(), 1),
                    "datatype",
                    "FP64",
                    "data",
                    values)));
    JsonNode v2 =
        post(
            "/v2/models/iris/infer",
            "application/json",
            JSON.writeValueAsString(Map.of("inputs", inputs)));
    JsonNode labels = v2.path("outputs").get(0);
    JsonNode scores = v2.path("outputs").get(1);
    List<String> classes =
        List.of(JSON.readValue(scores.path("parameters").path("labels").asText(), String[].class));
    for (int r = 0; r < rows.size(); r++) {
      Prediction<Label> want = predict(rows.get(r));
      assertThat(labels.path("data").get(r).asText()).isEqualTo(want.getOutput().getLabel());
      for (int k = 0; k < classes.size(); k++) {
        assertThat(scores.path("data").get(r * classes.size() + k).asDouble())
            .isEqualTo(want.getOutputScores().get(classes.get(k)).getScore());
      }
    }
  }

  @Test
  void theChampionsImageBuiltWithoutADaemonServesTheSamePredictionsUnderDocker() throws Exception {
    SystemTools.dockerEngine();
    String repo = "serve-it/iris";
    CliRunner build =
        CliRunner.run(
            "build",
            "models:/iris@champion",
            "-t",
            repo + ":champion",
            "--tracking-uri",
            trackingUri);
    assertThat(build.exitCode()).as(build.err()).isZero();
    assertThat(build.err())
        .contains("Layer 1/4: galley: third-party serving jars")
        .contains("Layer 3/4: galley: model files");
    Matcher built = Pattern.compile("^Built (\\S+) \\((sha256:[0-9a-f]{64}),").matcher(build.out());
    assertThat(built.find()).as(build.out()).isTrue();
    String ref = built.group(1);
    String digest = built.group(2);
    assertThat(ref).isEqualTo(URI.create(trackingUri).getAuthority() + "/" + repo + ":champion");

    // Built again: the same digest, and every blob already stored.
    CliRunner again =
        CliRunner.run(
            "build", "models:/iris@champion", "-t", repo + ":again", "--tracking-uri", trackingUri);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("(" + digest + ",");
    assertThat(again.err()).doesNotContain("  stored ");

    String name = "galley-serve-it-" + ProcessHandle.current().pid();
    try {
      String base = pullRunAndAwaitPing(name, ref);
      JsonNode inspect =
          JSON.readTree(Command.of("docker", "image", "inspect", ref).ok().stdout()).get(0);
      assertThat(inspect.path("Config").path("User").asText()).isEqualTo("65532:65532");
      assertThat(inspect.path("Config").path("Labels").path("io.galley.model").asText())
          .isEqualTo("iris");
      assertThat(inspect.path("RepoDigests").toString()).contains(digest);
      assertTheHeldOutRowsGetTheSamePredictions("docker run", base);
      // The model server's access log is the container's log; the line follows the answer.
      String logged = "";
      for (long until = System.nanoTime() + 30_000_000_000L; System.nanoTime() < until; ) {
        logged = Command.of("docker", "logs", name).ok().stderr();
        if (logged.contains("\"POST /invocations\" 200")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(logged).contains("\"POST /invocations\" 200");
    } finally {
      Command.of("docker", "rm", "-f", name).run();
      Command.of("docker", "rmi", "-f", ref).run();
    }

    CliRunner unknown =
        CliRunner.run(
            "build", "models:/no-such-model/1", "-t", "x:1", "--tracking-uri", trackingUri);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no-such-model").doesNotContain("Exception");
    CliRunner badTag =
        CliRunner.run(
            "build", "models:/iris@champion", "-t", "Not A Tag", "--tracking-uri", trackingUri);
    assertThat(badTag.exitCode()).isEqualTo(1);
    assertThat(badTag.err()).contains("is not an image reference");
  }

  /**
   * {@code --push} to a registry that wants a password, found as docker finds it (a credential
   * helper named in {@code $DOCKER_CONFIG/config.json}), plus {@code --oci-layout} and {@code
   * --tar}: each holds the digest Galley built, skopeo copies the pushed image back, docker loads
   * the archive. Without credentials the push is refused before anything is built.
   */
  @Test
  void theChampionsImageGoesToAnotherRegistryAnOciLayoutAndADockerArchive() throws Exception {
    SystemTools.require("skopeo");
    SystemTools.dockerEngine();
    Path out = Files.createDirectories(work.resolve("exports"));
    try (ReferenceRegistry locked = ReferenceRegistry.startWithBasicAuth(out.resolve("locked"))) {
      Path bin = Files.createDirectories(out.resolve("bin"));
      Path helper = bin.resolve("docker-credential-galley-test");
      Files.writeString(
          helper,
          "#!/bin/sh\n"
              + "[ \"$1\" = get ] || exit 1\n"
              + "read server\n"
              + "[ \"$server\" = \""
              + locked.host()
              + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
              + "printf '{\"ServerURL\":\"%s\",\"Username\":\""
              + ReferenceRegistry.USER
              + "\",\"Secret\":\""
              + ReferenceRegistry.PASSWORD
              + "\"}' \"$server\"\n");
      Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path dockerConfig = Files.createDirectories(out.resolve("docker"));
      Files.writeString(
          dockerConfig.resolve("config.json"),
          "{\"credHelpers\": {\"" + locked.host() + "\": \"galley-test\"}}");
      Path noCredentials = Files.createDirectories(out.resolve("empty-docker"));
      String target = locked.host() + "/ml/iris:1";
      String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

      Command.Result refused =
          galleyProcess("build", "models:/iris@champion", "--push", target)
              .env("DOCKER_CONFIG", noCredentials.toString())
              .env("PATH", path)
              .run();
      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
      assertThat(refused.stderr()).contains("wants credentials").doesNotContain("Layer 1/");

      Path tar = out.resolve("iris.tar");
      Path layout = out.resolve("layout");
      Command.Result built =
          galleyProcess(
                  "build",
                  "models:/iris@champion",
                  "-t",
                  "exports/iris:champion",
                  "--push",
                  target,
                  "--oci-layout",
                  layout.toString(),
                  "--tar",
                  tar.toString())
              .env("DOCKER_CONFIG", dockerConfig.toString())
              .env("PATH", path)
              .ok();
      assertThat(built.stderr()).contains("The push refers to repository [" + locked.host());
      Matcher m =
          Pattern.compile("^Built (\\S+) \\((sha256:[0-9a-f]{64}),").matcher(built.stdout());
      assertThat(m.find()).as(built.stdout()).isTrue();
      String ref = m.group(1);
      String digest = m.group(2);

      String creds = ReferenceRegistry.USER + ":" + ReferenceRegistry.PASSWORD;
      JsonNode pushed =
          JSON.readTree(
              Command.of(
                      "skopeo",
                      "inspect",
                      "--tls-verify=false",
                      "--creds",
                      creds,
                      "docker://" + target)
                  .ok()
                  .stdout());
      assertThat(pushed.path("Digest").asText()).isEqualTo(digest);
      assertThat(pushed.path("Labels").path("io.galley.model").asText()).isEqualTo("iris");
      Command.of(
              "skopeo",
              "copy",
              "--preserve-digests", // else skopeo gzips the uncompressed model layer for oci:
              "--src-tls-verify=false",
              "--src-creds",
              creds,
              "docker://" + target,
              "oci:" + out.resolve("back") + ":1")
          .timeout(java.time.Duration.ofSeconds(120))
          .ok();
      assertThat(
              JSON.readTree(
                      Command.of("skopeo", "inspect", "oci:" + out.resolve("back") + ":1")
                          .ok()
                          .stdout())
                  .path("Digest")
                  .asText())
          .isEqualTo(digest);
      JsonNode inLayout =
          JSON.readTree(
              Command.of("skopeo", "inspect", "oci:" + layout + ":champion").ok().stdout());
      assertThat(inLayout.path("Digest").asText()).isEqualTo(digest);

      // The metadata layer carries the run's environment.json, its digest in a label.
      String runId = client.getModelVersionByAlias("iris", "champion").runId();
      client.downloadArtifact(runId, "environment.json", out.resolve("environment.json"));
      byte[] recorded = Files.readAllBytes(out.resolve("environment.json"));
      String environmentDigest =
          "sha256:"
              + java.util.HexFormat.of()
                  .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(recorded));
      assertThat(inLayout.path("Labels").path("io.galley.environment.digest").asText())
          .isEqualTo(environmentDigest);
      JsonNode manifest =
          JSON.readTree(
              layout
                  .resolve("blobs/sha256")
                  .resolve(digest.substring("sha256:".length()))
                  .toFile());
      String metadataLayer =
          manifest.path("layers").get(manifest.path("layers").size() - 1).path("digest").asText();
      byte[] inImage = null;
      try (var tarIn =
          new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
              new java.util.zip.GZIPInputStream(
                  Files.newInputStream(
                      layout.resolve("blobs/sha256").resolve(metadataLayer.substring(7)))))) {
        for (var e = tarIn.getNextEntry(); e != null; e = tarIn.getNextEntry()) {
          if (e.getName().equals("opt/galley/environment.json")) {
            inImage = tarIn.readAllBytes();
          }
        }
      }
      assertThat(inImage).as("opt/galley/environment.json in the last layer").isEqualTo(recorded);
      assertThat(built.stderr()).contains("galley: model metadata (MLmodel, environment.json)");
      try {
        Command.Result loaded =
            Command.of("docker", "load", "-i", tar.toString())
                .timeout(java.time.Duration.ofSeconds(120))
                .ok();
        assertThat(loaded.stdout()).contains("Loaded image: " + ref);
        JsonNode inspect =
            JSON.readTree(Command.of("docker", "image", "inspect", ref).ok().stdout()).get(0);
        assertThat(inspect.path("Config").path("Labels").path("io.galley.model").asText())
            .isEqualTo("iris");
      } finally {
        Command.of("docker", "rmi", "-f", ref).run();
      }
      try (var left = Files.list(out)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.endsWith(".partial"));
      }
    }
  }

  /**
   * {@code --from}: Galley's own base, copied by skopeo into Debian's registry, is read back from
   * there by the server; the image names it and its digest in its labels and serves under docker. A
   * base that is not there is a 404 before anything is built.
   */
  @Test
  void anImageBuiltOnABaseFromAnotherRegistryNamesItAndServes() throws Exception {
    SystemTools.require("skopeo");
    SystemTools.dockerEngine();
    // Galley's base exists once any build ran; this one makes sure.
    CliRunner first =
        CliRunner.run(
            "build", "models:/iris@champion", "-t", "from-it/own:1", "--tracking-uri", trackingUri);
    assertThat(first.exitCode()).as(first.err()).isZero();
    String galleyHost = URI.create(trackingUri).getAuthority();
    try (ReferenceRegistry other = ReferenceRegistry.start(work.resolve("bases"))) {
      String base = other.host() + "/bases/java:17";
      Command.of(
              "skopeo",
              "copy",
              "--preserve-digests",
              "--src-tls-verify=false",
              "--dest-tls-verify=false",
              "docker://" + galleyHost + "/galley/java:17",
              "docker://" + base)
          .timeout(java.time.Duration.ofSeconds(120))
          .ok();
      String baseDigest =
          JSON.readTree(
                  Command.of("skopeo", "inspect", "--tls-verify=false", "docker://" + base)
                      .ok()
                      .stdout())
              .path("Digest")
              .asText();

      CliRunner missing =
          CliRunner.run(
              "build",
              "models:/iris@champion",
              "-t",
              "from-it/iris:1",
              "--from",
              other.host() + "/bases/nothing:1",
              "--tracking-uri",
              trackingUri);
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err())
          .contains("base " + other.host() + "/bases/nothing:1")
          .doesNotContain("Layer 1/");

      CliRunner built =
          CliRunner.run(
              "build",
              "models:/iris@champion",
              "-t",
              "from-it/iris:1",
              "--from",
              base,
              "--tracking-uri",
              trackingUri);
      assertThat(built.exitCode()).as(built.err()).isZero();
      String ref = galleyHost + "/from-it/iris:1";
      JsonNode labels =
          JSON.readTree(
                  Command.of("skopeo", "inspect", "--tls-verify=false", "docker://" + ref)
                      .ok()
                      .stdout())
              .path("Labels");
      assertThat(labels.path("org.opencontainers.image.base.name").asText()).isEqualTo(base);
      assertThat(labels.path("org.opencontainers.image.base.digest").asText())
          .isEqualTo(baseDigest);

      String name = "galley-from-it-" + ProcessHandle.current().pid();
      try {
        pullRunAndAwaitPing(name, ref);
      } finally {
        Command.of("docker", "rm", "-f", name).run();
        Command.of("docker", "rmi", "-f", ref).run();
      }
    }
  }

  /**
   * {@code --artifact}: the champion as a CNCF ModelPack artifact whose layers are the version's
   * own files. The server's blob store gains the config and the manifest and nothing else; skopeo
   * reads ModelPack's media types back, each layer's digest is its file's, and the runnable image
   * of the version names the artifact as its subject (the referrers API lists it).
   */
  @Test
  void theModelPackArtifactCopiesNoByteOfTheModel() throws Exception {
    SystemTools.require("skopeo");
    Path blobs = work.resolve("data").resolve("blobs");
    java.util.Set<String> before = blobFiles(blobs);
    CliRunner built =
        CliRunner.run(
            "build",
            "models:/iris@champion",
            "--artifact",
            "-t",
            "packs/iris:1",
            "--tracking-uri",
            trackingUri);
    assertThat(built.exitCode()).as(built.err()).isZero();
    java.util.Set<String> added = new java.util.TreeSet<>(blobFiles(blobs));
    added.removeAll(before);
    String ref = URI.create(trackingUri).getAuthority() + "/packs/iris:1";
    JsonNode manifest =
        JSON.readTree(
            Command.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref)
                .ok()
                .stdout());
    assertThat(manifest.path("artifactType").asText())
        .isEqualTo("application/vnd.cncf.model.manifest.v1+json");
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.cncf.model.config.v1+json");
    String manifestHex =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(
                        Command.of(
                                "skopeo",
                                "inspect",
                                "--raw",
                                "--tls-verify=false",
                                "docker://" + ref)
                            .ok()
                            .stdout()
                            .getBytes(StandardCharsets.UTF_8)));
    String configHex = manifest.path("config").path("digest").asText().substring(7);
    // Nothing new but config and manifest (a runnable build of this version may have written
    // those already, as its subject); every layer was a blob before the artifact existed.
    assertThat(added).isSubsetOf(configHex, manifestHex);
    assertThat(blobFiles(blobs)).contains(configHex, manifestHex);
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(before).contains(layer.path("digest").asText().substring(7));
    }

    Map<String, String> byPath = new HashMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText())
          .startsWith("application/vnd.cncf.model.")
          .endsWith(".v1.raw");
      byPath.put(
          layer.path("annotations").path("org.cncf.model.filepath").asText(),
          layer.path("digest").asText());
    }
    assertThat(byPath).containsKey("MLmodel");

    // The runnable image of the same version names this artifact as its subject.
    CliRunner image =
        CliRunner.run(
            "build",
            "models:/iris@champion",
            "-t",
            "packs/iris:run",
            "--tracking-uri",
            trackingUri);
    assertThat(image.exitCode()).as(image.err()).isZero();
    Matcher m = Pattern.compile("\\((sha256:[0-9a-f]{64}),").matcher(image.out());
    assertThat(m.find()).as(image.out()).isTrue();
    HttpResponse<String> referrers =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(trackingUri)
                        .resolve("/v2/packs/iris/referrers/sha256:" + manifestHex))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(referrers.statusCode()).as(referrers.body()).isEqualTo(200);
    assertThat(JSON.readTree(referrers.body()).path("manifests").findValuesAsText("digest"))
        .contains(m.group(1));
    Path mlmodel = work.resolve("pack-MLmodel");
    String runId = client.getModelVersionByAlias("iris", "champion").runId();
    client.downloadArtifact(runId, "model/MLmodel", mlmodel);
    assertThat(byPath.get("MLmodel"))
        .isEqualTo(
            "sha256:"
                + java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(mlmodel))));
  }

  /** The names of the files under the blob store (their digests' hex, wherever they sit). */
  private static java.util.Set<String> blobFiles(Path blobs) throws IOException {
    try (var walk = Files.walk(blobs)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9a-f]{64}"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  /**
   * The champion built by the first server process (UTC, English, umask 022) and by this one
   * (Pacific/Chatham, Turkish, umask 077, a layer cache that starts empty) under another tag: one
   * manifest digest. The base is reused from the registry; its own reproducibility is
   * JavaRuntimeBaseIT's.
   */
  @Test
  void theSameVersionBuiltByAnotherServerHasOneDigest() {
    assertThat(builtDigest(trackingUri, "repro/other:two")).isEqualTo(firstServersDigest);
  }

  /**
   * {@code galley base build} keeps the stored base; {@code --rebuild} makes it again from this
   * server's JDK, under another time zone, locale and umask than the first, to the same digest.
   */
  @Test
  void theBaseIsKeptOrRebuiltToTheSameDigest() {
    CliRunner kept = CliRunner.run("base", "build", "--tracking-uri", trackingUri);
    assertThat(kept.exitCode()).as(kept.err()).isZero();
    Matcher k = Pattern.compile("^Kept (\\S+) \\((sha256:[0-9a-f]{64}),").matcher(kept.out());
    assertThat(k.find()).as(kept.out()).isTrue();
    assertThat(k.group(1)).endsWith("/galley/java:17");
    CliRunner rebuilt = CliRunner.run("base", "build", "--rebuild", "--tracking-uri", trackingUri);
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(rebuilt.err()).contains("Layer 1/");
    assertThat(rebuilt.out()).startsWith("Built " + k.group(1) + " (" + k.group(2) + ",");
  }

  private static String builtDigest(String server, String reference) {
    CliRunner built =
        CliRunner.run("build", "models:/iris@champion", "-t", reference, "--tracking-uri", server);
    assertThat(built.exitCode()).as(built.err()).isZero();
    Matcher m = Pattern.compile("^Built \\S+ \\((sha256:[0-9a-f]{64}),").matcher(built.out());
    assertThat(m.find()).as(built.out()).isTrue();
    return m.group(1);
  }

  /**
   * {@code docker pull} then {@code docker run -d --network host} of {@code ref} as {@code name} on
   * a free port; returns its base URL once {@code /ping} answers 200, or fails with the container's
   * log after 60 s.
   */
  private static String pullRunAndAwaitPing(String name, String ref) throws Exception {
    Command.of("docker", "pull", ref).timeout(java.time.Duration.ofSeconds(300)).ok();
    return runAndAwaitPing(name, ref);
  }

  /** As {@link #pullRunAndAwaitPing} for an image the engine already has. */
  private static String runAndAwaitPing(String name, String ref) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Command.of(
            "docker",
            "run",
            "-d",
            "--rm",
            "--network",
            "host",
            "--name",
            name,
            "-e",
            "PORT=" + port,
            ref)
        .ok();
    String base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return base;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the container never answered /ping:\n"
                + Command.of("docker", "logs", name).run().describe());
      }
      Thread.sleep(100);
    }
  }

  /**
   * {@code --context DIR}: {@code docker build} of the context gives an image with the built one's
   * labels and user that serves the same predictions.
   */
  @Test
  void dockerBuildOfTheContextServesTheSamePredictions() throws Exception {
    SystemTools.dockerEngine();
    Path context = work.resolve("context");
    CliRunner built =
        CliRunner.run(
            "build",
            "models:/iris@champion",
            "-t",
            "context-it/iris:1",
            "--context",
            context.toString(),
            "--tracking-uri",
            trackingUri);
    assertThat(built.exitCode()).as(built.err()).isZero();
    String dockerfile = Files.readString(context.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM " + URI.create(trackingUri).getAuthority() + "/galley/java@sha256:")
        .contains("COPY rootfs/ /")
        .contains("ENTRYPOINT [");
    assertThat(context.resolve("rootfs/model/MLmodel")).isRegularFile();
    assertThat(context.resolve("rootfs/opt/galley/environment.json")).isRegularFile();

    String tag = "galley-context-it:" + ProcessHandle.current().pid();
    String name = "galley-context-it-" + ProcessHandle.current().pid();
    try {
      Command.of("docker", "build", "-q", "-t", tag, context.toString())
          .timeout(java.time.Duration.ofSeconds(300))
          .ok();
      JsonNode inspect =
          JSON.readTree(Command.of("docker", "image", "inspect", tag).ok().stdout()).get(0);
      assertThat(inspect.path("Config").path("User").asText()).isEqualTo("65532:65532");
      assertThat(inspect.path("Config").path("Labels").path("io.galley.model").asText())
          .isEqualTo("iris");
      String base = runAndAwaitPing(name, tag);
      assertTheHeldOutRowsGetTheSamePredictions("docker build of --context", base);
    } finally {
      Command.of("docker", "rm", "-f", name).run();
      Command.of("docker", "rmi", "-f", tag).run();
    }
  }

  /** The held-out rows as one dataframe_split to {@code base}: the in-process model's answers. */
  private void assertTheHeldOutRowsGetTheSamePredictions(String where, String base)
      throws Exception {
    List<List<Double>> split = new ArrayList<>();
    for (double[] r : rows) {
      split.add(List.of(r[0], r[1], r[2], r[3]));
    }
    assertSame(
        where,
        post(
            base,
            "/invocations",
            "application/json",
            JSON.writeValueAsString(
                Map.of("dataframe_split", Map.of("columns", FEATURES, "data", split)))));
  }

  /** The packaged CLI in a process of its own, so the environment (DOCKER_CONFIG, PATH) is its. */
  private Command galleyProcess(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(Path.of("target", "galley.jar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    command.add("--tracking-uri");
    command.add(trackingUri);
    return Command.of(command).timeout(java.time.Duration.ofSeconds(300));
  }

  @Test
  void theOnnxExportOfALogisticRegressionAgreesWithItsTribuoModel() throws Exception {
    String line =
        exampleOut.lines().filter(l -> l.startsWith("logreg-lr1.0-e25 ")).findFirst().orElseThrow();
    String runId = line.substring(line.lastIndexOf(' ') + 1);
    Path tribuo = work.resolve("logreg");
    new ModelFetcher(client).fetch(runId, "model", tribuo, (p, b) -> {});
    Model<Label> logreg =
        Model.deserializeFromFile(tribuo.resolve("model.tribuo")).castModel(Label.class);

    Process onnx =
        start(
            "serve",
            "runs:/" + runId + "/onnx",
            "--port",
            "0",
            "--no-access-log",
            "--tracking-uri",
            trackingUri);
    try {
      String onnxUri = awaitUri(onnx);
      List<Map<String, Object>> records = new ArrayList<>();
      for (double[] r : rows) {
        Map<String, Object> record = new HashMap<>();
        for (int c = 0; c < FEATURES.size(); c++) {
          record.put(FEATURES.get(c), r[c]);
        }
        records.add(record);
      }
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(onnxUri + "/invocations"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("dataframe_records", records))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode predictions = JSON.readTree(answer.body()).path("predictions");
      for (int r = 0; r < rows.size(); r++) {
        Prediction<Label> want =
            logreg.predict(
                new ArrayExample<>(new Label("?"), FEATURES.toArray(String[]::new), rows.get(r)));
        assertThat(predictions.get(r).path("species").asText())
            .as("row " + r)
            .isEqualTo(want.getOutput().getLabel());
        for (Map.Entry<String, Label> s : want.getOutputScores().entrySet()) {
          assertThat(predictions.get(r).path("scores").path(s.getKey()).asDouble())
              .as("row " + r + " " + s.getKey())
              .isCloseTo(s.getValue().getScore(), org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    } finally {
      onnx.destroyForcibly();
      onnx.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aModelWithoutAFlavourGalleyServesRefusesToStartWithTheReason(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("MLmodel"),
        "flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    python_version: 3.11.4\n");
    Process p = start("serve", dir.toString(), "--port", "0");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err)
        .contains(
            "Galley cannot serve this model: its flavors are [python_function], and Galley"
                + " serves [onnx, tribuo]");
  }

  @Test
  void theImageEntryPointServesGalleyModelDirOnPortWithoutATrackingServer() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            Path.of("target", "galley.jar").toAbsolutePath()
                + java.io.File.pathSeparator
                + Path.of("target", "lib").toAbsolutePath()
                + "/*",
            "io.galley.serving.ServingMain");
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().put("GALLEY_MODEL_DIR", work.resolve("model").toString());
    b.environment().put("PORT", "0");
    b.environment().put("HOST", "127.0.0.1");
    b.environment().put("GALLEY_MODEL_NAME", "iris");
    b.environment().put("GALLEY_MODEL_VERSION", "1");
    b.environment().remove("GALLEY_TRACKING_URI");
    Process p = b.start();
    try {
      String base = awaitUri(p);
      HttpResponse<String> ready =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/v2/models/iris/versions/1/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.body()).isEqualTo("{\"name\":\"iris\",\"ready\":true}");
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBodyTooBigForTheHeapIs413AndTheServerGoesOn() throws Exception {
    Path modelDir = work.resolve("model");
    Process small =
        startWith(
            List.of("-Xmx96m"), "serve", modelDir.toString(), "--port", "0", "--no-access-log");
    try {
      String base = awaitUri(small);
      StringBuilder body = new StringBuilder("{\"inputs\": {");
      for (int c = 0; c < FEATURES.size(); c++) {
        body.append(c == 0 ? "" : ", ").append('"').append(FEATURES.get(c)).append("\": [");
        body.append("5.1, ".repeat(1_000_000)).append("5.1]");
      }
      body.append("}}");
      HttpResponse<String> big =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/invocations"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
      assertThat(JSON.readTree(big.body()).path("message").asText()).contains("fewer rows");
      JsonNode one =
          post(
              base,
              "/invocations",
              "application/json",
              "{\"inputs\": {\"sepal_length\": [5.1],"
                  + " \"sepal_width\": [3.5], \"petal_length\": [1.4], \"petal_width\": [0.2]}}");
      assertThat(one.path("predictions").size()).isEqualTo(1);
    } finally {
      small.destroyForcibly();
      small.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void assertSame(String format, JsonNode answer) {
    JsonNode predictions = answer.path("predictions");
    assertThat(predictions.size()).as(format).isEqualTo(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Prediction<Label> want = predict(rows.get(r));
      JsonNode got = predictions.get(r);
      assertThat(got.path("species").asText())
          .as(format + " row " + r)
          .isEqualTo(want.getOutput().getLabel());
      for (Map.Entry<String, Label> s : want.getOutputScores().entrySet()) {
        assertThat(got.path("scores").path(s.getKey()).asDouble())
            .as(format + " row " + r + " " + s.getKey())
            .isEqualTo(s.getValue().getScore());
      }
    }
  }

  private Prediction<Label> predict(double[] row) {
    return model.predict(new ArrayExample<>(new Label("?"), FEATURES.toArray(String[]::new), row));
  }

  private JsonNode post(String path, String type, String body) throws Exception {
    return post(uri, path, type, body);
  }

  private static JsonNode post(String base, String path, String type, String body)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Process start(String... args) throws IOException {
    return startWith(List.of(), args);
  }

  private static Process startWith(List<String> jvm, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-jar");
    command.add(Path.of("target", "galley.jar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private String awaitUri(Process p) throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    found.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              found.complete(null);
            },
            "galley-serve-output");
    reader.setDaemon(true);
    reader.start();
    String base = found.get(60, TimeUnit.SECONDS);
    assertThat(base).as("galley serve's output: %s", output).isNotNull();
    return base;
  }
}
