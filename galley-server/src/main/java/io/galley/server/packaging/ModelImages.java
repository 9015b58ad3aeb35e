package io.galley.server.packaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.BlobStore;
import io.galley.core.environment.Environment;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelVersion;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.oci.OciException;
import io.galley.oci.base.JavaRuntimeBase;
import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuildEvent;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.ImageRecipe;
import io.galley.oci.build.LayerCache;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.DockerCredentials;
import io.galley.oci.distribution.RegistryException;
import io.galley.oci.distribution.RemoteImage;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.ImageConfigCodec;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.image.Platform;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layer.LayerWriter.Compression;
import io.galley.oci.modelpack.ModelPackArtifact;
import io.galley.oci.name.OciReference;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.RegistryImageSink;
import io.galley.oci.registry.StoredManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a model version's runnable image into the registry: the jlinked base ({@value
 * #BASE_REPOSITORY}, made first when missing), then, from least to most often changing, the
 * third-party serving jars, Galley's serving jars, the model's files (a plain tar: weights do not
 * compress) and its {@code MLmodel}; the entrypoint runs the model server on {@code PORT} (8080) as
 * the base's non-root user. Labels say where it came from: model, version, run, its final metrics,
 * its git commit, the base's digest. Every date is fixed ({@code SOURCE_DATE_EPOCH} or 1 s past the
 * epoch), so the same version, base and Galley give the same digest.
 */
public final class ModelImages {
  public static final String BASE_REPOSITORY = "galley/java";
  public static final String MODEL_DIR = "/model";
  public static final String LIB_DIR = "/opt/galley/lib";

  /** The run's environment.json: provenance, not the model's, so outside {@link #MODEL_DIR}. */
  public static final String ENVIRONMENT_FILE = "/opt/galley/environment.json";

  private static final Pattern FLAVOR_LINE = Pattern.compile("^ {2}([A-Za-z0-9_.-]+):.*$");

  private final TrackingStore tracking;
  private final ArtifactIndex artifacts;
  private final ModelRegistry registry;
  private final BlobStore blobs;
  private final ImageRegistry images;
  private final ServingRuntime runtime;
  private final JavaRuntimeBase baseMaker;
  private final Path scratch;
  private final Instant date;
  private final LayerCache layerCache = LayerCache.inMemory(1_000);

  public ModelImages(
      TrackingStore tracking,
      ArtifactIndex artifacts,
      ModelRegistry registry,
      BlobStore blobs,
      ImageRegistry images,
      ServingRuntime runtime,
      JavaRuntimeBase baseMaker,
      Path scratch,
      Instant date) {
    this.tracking = requireNonNull(tracking, "tracking");
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.registry = requireNonNull(registry, "registry");
    this.blobs = requireNonNull(blobs, "blobs");
    this.images = requireNonNull(images, "images");
    this.runtime = requireNonNull(runtime, "runtime");
    this.baseMaker = requireNonNull(baseMaker, "baseMaker");
    this.scratch = requireNonNull(scratch, "scratch");
    this.date = requireNonNull(date, "date");
  }

  /** Where a model version's files are, and which flavours its {@code MLmodel} names. */
  public record ModelFiles(ModelVersion version, List<Artifact> files, List<String> flavors) {}

  /**
   * The version's files, checked to be something Galley can serve.
   *
   * @throws InvalidRequestException when the files are not in a run Galley tracks, there is no
   *     {@code MLmodel}, or no flavour it names is one Galley serves
   */
  public ModelFiles files(ModelVersion version) {
    String uri = "models:/" + version.name() + "/" + version.version();
    // The files as the version was registered with them (paths relative to its source): later
    // changes to the run's artifacts do not change what the version is.
    List<Artifact> files = registry.versionFiles(version.name(), version.version());
    if (files.isEmpty()) {
      throw new InvalidRequestException(
          uri + " has its files at " + version.source() + ", not in a run Galley tracks");
    }
    Artifact mlmodel =
        files.stream()
            .filter(a -> a.path().toString().equals("MLmodel"))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        uri
                            + " has no MLmodel file, so it is not an MLflow model Galley can serve"));
    List<String> flavors = flavors(read(mlmodel));
    if (!runtime.servesAny(flavors)) {
      throw new InvalidRequestException(
          "Galley cannot serve this model: its flavors are "
              + flavors
              + ", and Galley serves "
              + runtime.byFlavor().keySet());
    }
    return new ModelFiles(version, files, flavors);
  }

  /**
   * A base image from another registry ({@code --from}): its manifest and config read, its layers
   * read from there while the build stores them, the reference it was named by, and its digest.
   */
  public record RemoteBase(OciReference reference, RemoteImage image) {}

  /**
   * Reads the base {@code reference} names from its registry, signed in as Docker would sign this
   * server's user in ({@code ~/.docker/config.json}). Refusals and unreachable registries are the
   * caller's to fix: 400 (404 when the image is not there), with the registry's words.
   */
  public RemoteBase remoteBase(String reference) {
    OciReference ref;
    try {
      ref = OciReference.parse(reference);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("base '" + reference + "': " + e.getMessage());
    }
    try {
      RemoteRegistry registry =
          RemoteRegistry.connect(
              ref.registry(),
              DockerCredentials.fromEnvironment(System.getenv()).forRegistry(ref.registry()),
              false);
      RemoteImage image =
          RemoteImage.pull(
              registry.repository(ref.repository()),
              ref.manifestReference(),
              Platform.of("linux", "amd64"));
      return new RemoteBase(ref, image);
    } catch (RegistryException e) {
      String message = "base " + ref + ": " + e.getMessage();
      if (e.status() == 404) {
        throw new NotFoundException(message);
      }
      throw new InvalidRequestException(message);
    }
  }

  /**
   * Builds the image of {@code model} into {@code repository:tag}, on {@code from} or, when it is
   * null, on Galley's own base (made first if this registry does not hold it yet).
   */
  public BuiltImage build(
      ModelFiles model,
      RepositoryName repository,
      String tag,
      @Nullable RemoteBase from,
      Consumer<BuildEvent> events)
      throws IOException {
    BaseImage base = from == null ? base(events) : from.image().asBase();
    BlobSource baseBlobs =
        from == null ? blob -> () -> blobs.open(blob.digest(), 0, -1) : from.image().blobs();
    // Galley's base has its runtime at a known place; another base is asked for java on its PATH.
    String java = from == null ? JavaRuntimeBase.JAVA_HOME + "/bin/java" : "java";
    String baseName =
        from == null
            ? BASE_REPOSITORY + ":" + JavaRuntimeBase.featureVersion()
            : from.reference().toString();
    List<NewLayer> layers = new ArrayList<>();
    List<LayerEntry> thirdParty = new ArrayList<>();
    List<LayerEntry> galley = new ArrayList<>();
    List<Path> thirdPartyJars = new ArrayList<>();
    List<Path> galleyJars = new ArrayList<>();
    for (Path jar : runtime.jarsFor(model.flavors())) {
      String name = jar.getFileName().toString();
      LayerEntry e = LayerEntry.file(LIB_DIR.substring(1) + "/" + name, jar, false);
      boolean ours = name.startsWith("galley-");
      (ours ? galley : thirdParty).add(e);
      (ours ? galleyJars : thirdPartyJars).add(jar);
    }
    List<LayerEntry> weights = new ArrayList<>();
    List<LayerEntry> metadata = new ArrayList<>();
    StringBuilder weightsKey = new StringBuilder("files");
    StringBuilder metadataKey = new StringBuilder("files");
    for (Artifact a : model.files()) {
      String relative = a.path().toString();
      String at = MODEL_DIR.substring(1) + "/" + relative;
      LayerEntry e;
      try {
        e =
            LayerEntry.file(
                at, LayerEntry.FILE_MODE, a.size(), () -> blobs.open(a.digest(), 0, -1));
      } catch (IllegalArgumentException bad) {
        throw new InvalidRequestException(
            "the model's file '" + relative + "' cannot go into an image: " + bad.getMessage());
      }
      boolean isMetadata = relative.equals("MLmodel");
      (isMetadata ? metadata : weights).add(e);
      // A model layer's bytes are its files' paths, sizes and digests.
      (isMetadata ? metadataKey : weightsKey)
          .append('|')
          .append(at)
          .append(' ')
          .append(a.size())
          .append(' ')
          .append(a.digest());
    }
    Artifact environment = environment(model.version());
    Map<String, String> provenance = provenance(model, environment);
    if (environment != null) {
      metadata.add(
          LayerEntry.file(
              ENVIRONMENT_FILE.substring(1),
              LayerEntry.FILE_MODE,
              environment.size(),
              () -> blobs.open(environment.digest(), 0, -1)));
      metadataKey
          .append('|')
          .append(ENVIRONMENT_FILE)
          .append(' ')
          .append(environment.size())
          .append(' ')
          .append(environment.digest());
    }
    layers.add(
        new NewLayer(
            "galley: third-party serving jars",
            thirdParty,
            Compression.GZIP,
            jarsKey(thirdPartyJars)));
    layers.add(new NewLayer("galley: serving jars", galley, Compression.GZIP, jarsKey(galleyJars)));
    layers.add(
        new NewLayer("galley: model files", weights, Compression.NONE, weightsKey.toString()));
    layers.add(
        new NewLayer(
            environment == null
                ? "galley: model metadata (MLmodel)"
                : "galley: model metadata (MLmodel, environment.json)",
            metadata,
            Compression.GZIP,
            metadataKey.toString()));

    ModelVersion v = model.version();
    ContainerConfig baseConfig = base.config().config();
    List<String> env = new ArrayList<>(baseConfig.env());
    env.add("GALLEY_MODEL_DIR=" + MODEL_DIR);
    env.add("GALLEY_MODEL_NAME=" + v.name());
    env.add("GALLEY_MODEL_VERSION=" + v.version());
    env.add("HOST=0.0.0.0");
    env.add("PORT=8080");
    ContainerConfig config =
        new ContainerConfig(
            JavaRuntimeBase.USER,
            Set.of("8080/tcp"),
            env,
            List.of(java, "-cp", LIB_DIR + "/*", runtime.mainClass()),
            List.of(),
            "/",
            labels(provenance, base, baseName));
    // The model's files as a ModelPack artifact too (it copies nothing), named as the image's
    // subject: the referrers API then links artifact and image both ways.
    ModelPackArtifact pack = writeArtifact(model, provenance, repository, null, e -> {});
    byte[] packManifest = pack.manifestBytes();
    Descriptor subject =
        Descriptor.of(MediaTypes.OCI_MANIFEST, pack.manifestDigest(), packManifest.length)
            .withArtifactType(ModelPackArtifact.ARTIFACT_TYPE);
    ImageRecipe recipe = new ImageRecipe(base, layers, config, date, Map.of()).withSubject(subject);
    return new ImageBuilder(new LayerWriter(date), scratch, events, layerCache)
        .build(recipe, baseBlobs, sink(repository, tag));
  }

  /**
   * Writes {@code model} as a CNCF ModelPack artifact into {@code repository:tag} with no byte
   * copied: each layer is a model file's own blob, linked into the repository; only the config and
   * the manifest are new.
   */
  public ModelPackArtifact buildArtifact(
      ModelFiles model, RepositoryName repository, String tag, Consumer<BuildEvent> events) {
    return writeArtifact(
        model, provenance(model, environment(model.version())), repository, tag, events);
  }

  /**
   * As {@link #buildArtifact}, annotated with {@code labels}; with no tag the artifact is stored by
   * its digest alone.
   */
  private ModelPackArtifact writeArtifact(
      ModelFiles model,
      Map<String, String> labels,
      RepositoryName repository,
      @Nullable String tag,
      Consumer<BuildEvent> events) {
    List<ModelPackArtifact.File> files = new ArrayList<>();
    for (Artifact a : model.files()) {
      files.add(new ModelPackArtifact.File(a.path().toString(), a.digest(), a.size()));
    }
    ModelVersion v = model.version();
    ModelPackArtifact artifact =
        ModelPackArtifact.of(
            new ModelPackArtifact.About(
                v.name(),
                Long.toString(v.version()),
                Instant.ofEpochMilli(v.creationTimestamp()),
                v.source(),
                labels.get("org.opencontainers.image.revision"),
                String.join(",", model.flavors())),
            files,
            labels);
    for (Artifact a : model.files()) {
      Descriptor layer =
          Descriptor.of(ModelPackArtifact.mediaTypeOf(a.path().toString()), a.digest(), a.size());
      if (images.linkStored(repository, a.digest()).isEmpty()) {
        throw new InvalidRequestException(
            "the model's file '" + a.path() + "' is no longer stored; it cannot be packaged");
      }
      events.accept(new BuildEvent.BlobStored(layer, true));
    }
    byte[] config = artifact.configBytes();
    images.uploadBlob(repository, artifact.config().digest(), new ByteArrayInputStream(config));
    events.accept(new BuildEvent.BlobStored(artifact.config(), false));
    images.putManifest(
        repository,
        tag == null ? artifact.manifestDigest().toString() : tag,
        artifact.manifestBytes(),
        MediaTypes.OCI_MANIFEST);
    return artifact;
  }

  /**
   * What decides a jar layer's bytes, known without opening a jar: each jar's name, size and
   * modification time (the distribution's jars do not change under a running server; a new Galley
   * is a new process, with an empty cache).
   */
  private static String jarsKey(List<Path> jars) {
    StringBuilder key = new StringBuilder("jars");
    for (Path jar : jars) {
      try {
        key.append('|')
            .append(jar.getFileName())
            .append(' ')
            .append(Files.size(jar))
            .append(' ')
            .append(Files.getLastModifiedTime(jar).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    return key.toString();
  }

  private RegistryImageSink sink(RepositoryName repository, String tag) {
    return new RegistryImageSink(
        images, repository, tag, List.of(RepositoryName.of(BASE_REPOSITORY)));
  }

  /** The environment.json the version's run recorded, if it has a run and the run has one. */
  private @Nullable Artifact environment(ModelVersion version) {
    String runId = version.runId();
    if (runId == null) {
      return null;
    }
    return artifacts.find(runId, ArtifactPath.parse(Environment.ARTIFACT)).orElse(null);
  }

  /** The image's labels: the version's provenance, and the base it was built on. */
  private static Map<String, String> labels(
      Map<String, String> provenance, BaseImage base, String baseName) {
    Map<String, String> labels = new TreeMap<>(provenance);
    if (base.manifest() != null) {
      labels.put("org.opencontainers.image.base.name", baseName);
      labels.put("org.opencontainers.image.base.digest", base.manifest().digest().toString());
    }
    return labels;
  }

  /**
   * What the version is and where it came from, as OCI and Galley keys: the image's labels (less
   * its base) and the ModelPack artifact's annotations alike. Reads the run once.
   */
  private Map<String, String> provenance(ModelFiles model, @Nullable Artifact environment) {
    ModelVersion v = model.version();
    Map<String, String> labels = new TreeMap<>();
    labels.put("org.opencontainers.image.title", v.name());
    labels.put("org.opencontainers.image.version", Long.toString(v.version()));
    labels.put(
        "org.opencontainers.image.created", Instant.ofEpochMilli(v.creationTimestamp()).toString());
    labels.put("org.opencontainers.image.source", v.source());
    labels.put("io.galley.model", v.name());
    labels.put("io.galley.model.version", Long.toString(v.version()));
    labels.put("io.galley.model.flavors", String.join(",", model.flavors()));
    String runId = v.runId();
    if (runId == null) {
      return labels;
    }
    labels.put("io.galley.run-id", runId);
    if (environment != null) {
      labels.put("io.galley.environment.digest", environment.digest().toString());
    }
    Run run = tracking.getRun(runId);
    for (Metric m : run.data().metrics()) {
      labels.put("io.galley.metric." + m.key(), Double.toString(m.value()));
    }
    for (Tag t : run.data().tags()) {
      if (t.key().equals("mlflow.source.git.commit")) {
        labels.put("org.opencontainers.image.revision", t.value());
      }
    }
    return labels;
  }

  /** Galley's base as {@link #buildBase} left it: its manifest digest, size, and if it was kept. */
  public record BuiltBase(
      RepositoryName repository, String tag, Descriptor manifest, long size, boolean kept) {}

  /**
   * {@code galley base build}: Galley's base from this server's JDK into the registry. A base
   * already stored is kept unless {@code rebuild}; a rebuild writes it again (the same digest, as
   * it is reproducible) under the same tag.
   */
  public synchronized BuiltBase buildBase(boolean rebuild, Consumer<BuildEvent> events)
      throws IOException {
    RepositoryName repository = RepositoryName.of(BASE_REPOSITORY);
    String tag = Integer.toString(JavaRuntimeBase.featureVersion());
    BaseImage stored = rebuild ? null : stored(repository, tag);
    BaseImage base = stored != null ? stored : writeBase(repository, tag, events);
    long size = base.layers().stream().mapToLong(Descriptor::size).sum();
    return new BuiltBase(repository, tag, requireNonNull(base.manifest()), size, stored != null);
  }

  /**
   * The base in the registry, built there first when it is missing. One at a time: two first builds
   * would share the jlink directory.
   */
  private synchronized BaseImage base(Consumer<BuildEvent> events) throws IOException {
    RepositoryName repository = RepositoryName.of(BASE_REPOSITORY);
    String tag = Integer.toString(JavaRuntimeBase.featureVersion());
    BaseImage found = stored(repository, tag);
    return found != null ? found : writeBase(repository, tag, events);
  }

  private BaseImage writeBase(RepositoryName repository, String tag, Consumer<BuildEvent> events)
      throws IOException {
    ImageRecipe recipe =
        new ImageRecipe(
            BaseImage.scratch("linux", "amd64"),
            baseMaker.layers(scratch.resolve("jlink")),
            JavaRuntimeBase.containerConfig(),
            date,
            Map.of());
    BuiltImage built =
        new ImageBuilder(new LayerWriter(date), scratch, events)
            .build(
                recipe,
                BlobSource.none(),
                new RegistryImageSink(images, repository, tag, List.of()));
    return new BaseImage(built.manifestDescriptor(), built.config(), built.layers());
  }

  private @Nullable BaseImage stored(RepositoryName repository, String tag) {
    StoredManifest stored;
    try {
      stored = images.manifest(repository, tag);
    } catch (OciException e) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = stored.open()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ParsedManifest parsed = ManifestCodec.parse(bytes, stored.record().mediaType());
    if (!(parsed.document() instanceof ImageManifest manifest)) {
      return null;
    }
    byte[] configBytes;
    try (InputStream in = blobs.open(manifest.config().digest(), 0, -1)) {
      configBytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ImageConfig config = ImageConfigCodec.parse(configBytes);
    return new BaseImage(
        Descriptor.of(parsed.mediaType(), parsed.digest(), bytes.length),
        config,
        manifest.layers());
  }

  private String read(Artifact a) {
    try (InputStream in = blobs.open(a.digest(), 0, -1)) {
      return new String(in.readNBytes(1 << 20), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys under {@code flavors:} in an MLmodel file, in order. */
  static List<String> flavors(String mlmodel) {
    List<String> found = new ArrayList<>();
    boolean inFlavors = false;
    for (String line : mlmodel.split("\r?\n")) {
      if (!line.startsWith(" ")) {
        inFlavors = line.startsWith("flavors:");
        continue;
      }
      Matcher m = FLAVOR_LINE.matcher(line);
      if (inFlavors && m.matches()) {
        found.add(m.group(1));
      }
    }
    return found;
  }
}
