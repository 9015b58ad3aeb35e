package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.access.Grantee;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.Resource;
import io.galley.core.access.User;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.blob.Digest;
import io.galley.core.registry.ModelAlias;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.tracing.NewTrace;
import io.galley.core.tracing.TraceData;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceStatus;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.oci.registry.ManifestRecord;
import io.galley.oci.registry.UploadChunk;
import io.galley.oci.registry.UploadSession;
import io.galley.store.jdbc.internal.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * For every schema version (the latest too, so that with V1 alone it runs once, V1 to latest):
 * migrate an empty database to exactly that version, load {@code migration-fixtures/V<n>.sql} (data
 * as that version stored it), migrate to the latest, and read the data back through the store. A
 * new migration V<n> needs a fixture {@code V<n>.sql} in its own schema; the older fixtures stay as
 * they are.
 *
 * <p>Every fixture holds the same logical data, checked by {@link #checkFixtureData}: experiment
 * 101 "fixture" with a tag, run {@code f1...} with a param, tags, a metric history and its
 * latest-metrics row. From V2 on, the fixtures also hold that run's artifact tree, checked by
 * {@link #checkArtifactData}; from V3 on, a registered model with versions, an alias and a
 * version's files, checked by {@link #checkRegistryData}; from V4 on, an OCI repository with a
 * tagged image and an upload in progress, checked by {@link #checkOciData}; from V5 on, a run tag
 * of 8000 characters, checked by {@link #checkLongTagData}.
 */
class MigrationTest {
  @TempDir Path tempDir;

  @TestFactory
  Stream<DynamicTest> h2() {
    return versions()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    "H2 from V" + v,
                    () -> {
                      Path dir = tempDir.resolve("v" + v);
                      check(v, TestDatabases.h2(dir));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> postgres() {
    return versions()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    "PostgreSQL from V" + v, () -> check(v, TestDatabases.emptyPostgres())));
  }

  /** Every version, from the migration scripts on the classpath. */
  private Stream<String> versions() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:versions" + System.nanoTime());
    MigrationInfo[] all = Migrations.flyway(ds, null).info().all();
    assertThat(all).isNotEmpty();
    return Stream.of(all).map(i -> i.getVersion().getVersion());
  }

  private void check(String version, StoreConfig config) throws Exception {
    Supplier<javax.sql.DataSource> dataSource = () -> dataSource(config);
    javax.sql.DataSource ds = dataSource.get();
    Flyway atVersion = Migrations.flyway(ds, version);
    atVersion.migrate();
    assertThat(atVersion.info().current().getVersion().getVersion()).isEqualTo(version);
    loadFixture(ds, "/migration-fixtures/V" + version + ".sql");
    try (JdbcStore store = JdbcStore.open(config)) {
      checkFixtureData(store.tracking());
      checkPermissionData(store, Integer.parseInt(version) >= 9);
      checkLongTagData(store.tracking(), Integer.parseInt(version) >= 5);
      checkArtifactData(store.artifacts(), Integer.parseInt(version) >= 2);
      checkRegistryData(store.modelRegistry(), Integer.parseInt(version) >= 3);
      checkOciData(store.imageRegistry(), Integer.parseInt(version) >= 4);
      checkTraceData(store.traces(), Integer.parseInt(version) >= 6);
    }
  }

  /** The user, group and grants as V9's fixture holds them (none from older ones), then a grant. */
  static void checkPermissionData(JdbcStore store, boolean hasGrants) {
    PermissionStore permissions = store.permissions();
    if (hasGrants) {
      User alice = store.identities().findUser("alice").orElseThrow();
      assertThat(alice.defaultPermission()).isEqualTo(Permission.NO_PERMISSIONS);
      assertThat(permissions.granted(alice.id(), Resource.experiment("101")))
          .contains(Permission.MANAGE);
      assertThat(permissions.granted(alice.id(), Resource.registeredModel("fixture-model")))
          .contains(Permission.EDIT);
      assertThat(permissions.groups())
          .singleElement()
          .satisfies(g -> assertThat(g.members()).containsExactly("alice"));
      assertThat(permissions.repositoryGrantsFor(alice.id()))
          .extracting(g -> g.pattern().value() + "=" + g.permission())
          .containsExactly("public/*=READ", "team/**=EDIT");
      permissions.deleteGrant(Resource.experiment("101"), Grantee.user("alice"));
      // The group's READ is what is left.
      assertThat(permissions.granted(alice.id(), Resource.experiment("101")))
          .contains(Permission.READ);
    } else {
      assertThat(store.identities().users()).isEmpty();
      User bob = store.identities().createUser(new NewUser("bob", "$argon2id$x", false));
      permissions.createGrant(Resource.experiment("101"), Grantee.user("bob"), Permission.EDIT);
      assertThat(permissions.granted(bob.id(), Resource.experiment("101")))
          .contains(Permission.EDIT);
    }
  }

  static void checkFixtureData(TrackingStore store) {
    Experiment e = store.getExperiment("101");
    assertThat(e.name()).isEqualTo("fixture");
    assertThat(e.tags()).containsExactly(new Tag("team", "core"));
    assertThat(store.getExperiment("0").name()).isEqualTo("Default");
    String runId = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
    Run run = store.getRun(runId);
    assertThat(run.info().runName()).isEqualTo("fixture-run");
    assertThat(run.info().experimentId()).isEqualTo("101");
    assertThat(run.data().params()).containsExactly(new Param("lr", "0.01"));
    assertThat(run.data().tags()).contains(new Tag("mlflow.runName", "fixture-run"));
    assertThat(run.data().metrics()).containsExactly(new Metric("loss", 0.25, 2000, 2));
    assertThat(store.getMetricHistory(runId, "loss", 0, null).items())
        .containsExactly(
            new Metric("loss", 1.0, 1000, 0),
            new Metric("loss", 0.5, 1500, 1),
            new Metric("loss", 0.25, 2000, 2));
    MetricSummary s = store.getMetricSummaries(runId).get(0);
    assertThat(s.min()).isEqualTo(new Metric("loss", 0.25, 2000, 2));
    assertThat(s.max()).isEqualTo(new Metric("loss", 1.0, 1000, 0));
    // New writes work on the migrated data, and new experiment ids do not collide with old ones.
    store.logBatch(runId, List.of(new Metric("loss", 0.1, 3000, 3)), List.of(), List.of());
    assertThat(store.getRun(runId).data().metrics())
        .containsExactly(new Metric("loss", 0.1, 3000, 3));
    assertThat(store.createExperiment("after-migration", null, List.of()).experimentId())
        .isNotEqualTo("101");
  }

  /**
   * The run's 8000-character tag as V5's fixture holds it (or none, from older ones); then, from
   * every version, a tag value of MLflow 2.17's 8000 characters fits the migrated column.
   */
  static void checkLongTagData(TrackingStore store, boolean hasLongTag) {
    String runId = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
    List<Tag> tags = store.getRun(runId).data().tags();
    if (hasLongTag) {
      assertThat(tags).contains(new Tag("note", "n".repeat(8000)));
    } else {
      assertThat(tags).extracting(Tag::key).doesNotContain("note");
    }
    Tag longest = new Tag("after-migration", "é".repeat(8000));
    store.logBatch(runId, List.of(), List.of(), List.of(longest));
    assertThat(store.getRun(runId).data().tags()).contains(longest);
  }

  /** The run's artifact tree as V2's fixture holds it (or empty, from V1), then writes to it. */
  static void checkArtifactData(ArtifactIndex index, boolean hasTree) {
    String runId = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
    Digest a = new Digest("a".repeat(64));
    Digest b = new Digest("b".repeat(64));
    Artifact mlmodel = new Artifact(ArtifactPath.parse("model/MLmodel"), a, 120);
    Artifact weights = new Artifact(ArtifactPath.parse("model/data/w.bin"), b, 4096);
    Artifact readme = new Artifact(ArtifactPath.parse("README.md"), a, 120);
    if (hasTree) {
      assertThat(index.walk(runId, ArtifactPath.ROOT)).containsExactly(readme, mlmodel, weights);
      assertThat(index.list(runId, ArtifactPath.parse("model")))
          .containsExactly(
              new FileInfo("model/MLmodel", false, 120L), new FileInfo("model/data", true, null));
      assertThat(index.find(runId, ArtifactPath.parse("model/data/w.bin"))).contains(weights);
      List<Digest> digests = new ArrayList<>();
      index.forEachReferencedDigest(digests::add);
      assertThat(digests).containsExactlyInAnyOrder(a, b);
      // The stored path keys are the ones the index computes: replacing a file leaves one row.
      Artifact replaced = new Artifact(mlmodel.path(), b, 7);
      index.put(runId, replaced);
      assertThat(index.walk(runId, ArtifactPath.parse("model"))).containsExactly(replaced, weights);
      assertThatThrownBy(() -> index.put(runId, new Artifact(ArtifactPath.parse("model"), a, 1)))
          .isInstanceOf(InvalidRequestException.class);
      assertThat(index.delete(runId, ArtifactPath.parse("model"))).isEqualTo(2);
    } else {
      assertThat(index.walk(runId, ArtifactPath.ROOT)).isEmpty();
    }
    index.put(runId, new Artifact(ArtifactPath.parse("after-migration.txt"), a, 1));
    assertThat(index.list(runId, ArtifactPath.ROOT))
        .contains(new FileInfo("after-migration.txt", false, 1L));
  }

  /** The registered model as V3's fixture holds it (or none, from older ones), then writes. */
  static void checkRegistryData(ModelRegistry registry, boolean hasModel) {
    Digest a = new Digest("a".repeat(64));
    Digest b = new Digest("b".repeat(64));
    List<Digest> digests = new ArrayList<>();
    registry.forEachReferencedDigest(digests::add);
    if (hasModel) {
      RegisteredModel m = registry.getRegisteredModel("fixture-model");
      assertThat(m.description()).isEqualTo("a fixture");
      assertThat(m.creationTimestamp()).isEqualTo(1700000200000L);
      assertThat(m.tags()).containsExactly(new Tag("team", "core"));
      assertThat(m.aliases()).containsExactly(new ModelAlias("champion", 3));
      assertThat(m.latestVersions()).extracting(ModelVersion::version).containsExactly(3L, 1L);
      ModelVersion v3 = registry.getVersionByAlias("fixture-model", "champion");
      assertThat(v3.currentStage()).isEqualTo(ModelStage.PRODUCTION);
      assertThat(v3.runId()).isEqualTo("f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1");
      assertThat(v3.tags()).containsExactly(new Tag("validated", "true"));
      assertThat(v3.aliases()).containsExactly("champion");
      assertThat(registry.getModelVersion("fixture-model", 1).currentStage())
          .isEqualTo(ModelStage.ARCHIVED);
      assertThat(registry.versionFiles("fixture-model", 3))
          .containsExactly(
              new Artifact(ArtifactPath.parse("MLmodel"), a, 120),
              new Artifact(ArtifactPath.parse("data/w.bin"), b, 4096));
      assertThat(digests).containsExactlyInAnyOrder(a, b);
      // The deleted version 2's number stays used; new models do not collide with old ids.
      assertThat(newVersion(registry, "fixture-model").version()).isEqualTo(4);
    } else {
      assertThat(
              registry.searchRegisteredModels(new RegistrySearch("", List.of(), 100, null)).items())
          .isEmpty();
      assertThat(digests).isEmpty();
    }
    registry.createRegisteredModel("after-migration", List.of(), null);
    assertThat(newVersion(registry, "after-migration").version()).isEqualTo(1);
    assertThat(registry.getRegisteredModel("after-migration").latestVersions()).hasSize(1);
  }

  /** The trace as V6's fixture holds it (or none, from older ones), then a new one. */
  static void checkTraceData(TraceStore traces, boolean hasTrace) {
    String requestId = "abababababababababababababababab";
    if (hasTrace) {
      TraceInfo t = traces.getTraceInfo(requestId);
      assertThat(t.experimentId()).isEqualTo("101");
      assertThat(t.status()).isEqualTo(TraceStatus.OK);
      assertThat(t.executionTimeMs()).isEqualTo(250);
      assertThat(t.tags()).containsEntry("mlflow.traceName", "predict");
      assertThat(t.sourceRunId()).contains("f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1");
      assertThat(traces.findTraceData(requestId))
          .contains(new TraceData(new Digest("b".repeat(64)), 321));
    } else {
      assertThat(traces.findTraceInfo(requestId)).isEmpty();
    }
    TraceInfo started = traces.startTrace(new NewTrace("101", 1, Map.of(), Map.of()));
    assertThat(traces.getTraceInfo(started.requestId()).status())
        .isEqualTo(TraceStatus.IN_PROGRESS);
  }

  /** The OCI repository as V4's fixture holds it (or none, from older ones), then writes. */
  static void checkOciData(ImageRegistryStore oci, boolean hasRepository) {
    RepositoryName repo = RepositoryName.of("fixture/image");
    Digest config = new Digest("c".repeat(64));
    Digest layer = new Digest("d".repeat(64));
    Digest manifest = new Digest("e".repeat(64));
    Digest chunk = new Digest("f".repeat(64));
    UUID uploadId = UUID.fromString("00000000-0000-0000-0000-000000000101");
    Instant at = Instant.ofEpochMilli(1700000400000L);
    List<Digest> digests = new ArrayList<>();
    oci.forEachReferencedDigest(digests::add);
    if (hasRepository) {
      assertThat(oci.repositories(10, null)).containsExactly(repo);
      assertThat(oci.linkedBlobSize(repo, config)).contains(10L);
      assertThat(oci.resolveTag(repo, io.galley.oci.name.Tag.LATEST)).contains(manifest);
      assertThat(oci.findManifest(repo, manifest))
          .contains(
              new ManifestRecord(
                  manifest,
                  "application/vnd.oci.image.manifest.v1+json",
                  300,
                  null,
                  null,
                  Map.of("org.opencontainers.image.title", "fixture"),
                  List.of(config, layer),
                  at));
      assertThat(oci.findUpload(repo, uploadId))
          .contains(new UploadSession(uploadId, repo, at, List.of(new UploadChunk(0, chunk, 5))));
      assertThat(digests).containsOnly(config, layer, manifest, chunk);
      // The session goes on where it was.
      assertThat(oci.appendChunk(repo, uploadId, new UploadChunk(5, layer, 20))).isPresent();
    } else {
      assertThat(oci.repositories(10, null)).isEmpty();
      assertThat(digests).isEmpty();
    }
    // New repositories do not collide with old ids.
    RepositoryName fresh = RepositoryName.of("after-migration");
    oci.linkBlob(fresh, config, 10, at);
    oci.putManifest(
        fresh,
        new ManifestRecord(
            manifest,
            "application/vnd.oci.image.manifest.v1+json",
            1,
            null,
            null,
            Map.of(),
            List.of(config),
            at),
        List.of(config),
        io.galley.oci.name.Tag.LATEST);
    assertThat(oci.resolveTag(fresh, io.galley.oci.name.Tag.LATEST)).contains(manifest);
    assertThat(oci.repositories(10, null))
        .containsExactlyElementsOf(hasRepository ? List.of(fresh, repo) : List.of(fresh));
  }

  private static ModelVersion newVersion(ModelRegistry registry, String name) {
    return registry.createModelVersion(
        new NewModelVersion(name, "s3://bucket/new", null, null, null, List.of(), null));
  }

  private static javax.sql.DataSource dataSource(StoreConfig config) {
    if (config.jdbcUrl().startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(config.jdbcUrl());
      return h2;
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setUrl(config.jdbcUrl());
    pg.setUser(config.user());
    pg.setPassword(config.password());
    return pg;
  }

  private static void loadFixture(javax.sql.DataSource ds, String resource)
      throws IOException, SQLException {
    String sql;
    try (InputStream in = MigrationTest.class.getResourceAsStream(resource)) {
      assertThat(in)
          .as("fixture " + resource + " (every version below the latest needs one)")
          .isNotNull();
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        // The fixtures write binary as X'hex', which PostgreSQL reads as a bit string.
        sql = sql.replaceAll("\\bX'([0-9a-fA-F]*)'", "decode('$1', 'hex')");
      }
      for (String statement : sql.split(";\\s*\\n")) {
        String trimmed =
            statement
                .lines()
                .filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b)
                .strip();
        if (!trimmed.isEmpty()) {
          s.execute(trimmed);
        }
      }
    }
  }
}
