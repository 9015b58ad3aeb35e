package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.AlreadyExistsException;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.registry.ModelAlias;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistryLimits;
import io.galley.core.tracking.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelRegistry} must do, as MLflow's SqlAlchemyStore does it: models, tags,
 * versions, aliases and stages. Files and concurrency are in {@link ModelVersionFilesContractTest},
 * searches in {@link ModelRegistrySearchContractTest}. Each database runs it through a subclass;
 * every test gets a fresh, migrated database.
 */
abstract class ModelRegistryContractTest extends ModelRegistryTestSupport {

  // ---- registered models -------------------------------------------------------------------

  @Test
  void createsAndGetsAModel() {
    RegisteredModel created =
        registry.createRegisteredModel(
            "iris", List.of(new Tag("team", "ml"), new Tag("team", "core")), "flowers");
    assertThat(created.name()).isEqualTo("iris");
    assertThat(created.description()).isEqualTo("flowers");
    assertThat(created.tags()).containsExactly(new Tag("team", "core"));
    assertThat(created.creationTimestamp()).isEqualTo(created.lastUpdatedTimestamp()).isPositive();
    assertThat(created.latestVersions()).isEmpty();
    assertThat(created.aliases()).isEmpty();
    assertThat(registry.getRegisteredModel("iris")).isEqualTo(created);
  }

  @Test
  void aTakenNameIsRefused() {
    model("iris");
    assertThatThrownBy(() -> model("iris"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Registered Model (name=iris) already exists.");
    // The failed insert left nothing behind: the model and its next version are as before.
    assertThat(version("iris").version()).isEqualTo(1);
  }

  @Test
  void namesAreCaseSensitive() {
    model("Iris");
    model("iris");
    assertThat(registry.getRegisteredModel("Iris").name()).isEqualTo("Iris");
    assertThat(registry.getRegisteredModel("iris").name()).isEqualTo("iris");
    fails(() -> registry.getRegisteredModel("IRIS"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "IRIS");
  }

  @Test
  void invalidNamesAreRefused() {
    invalid(() -> model(""), "Registered model name cannot be empty.");
    invalid(() -> model("a/b"), "Registered model name cannot contain path separator");
    invalid(() -> model("50%"), "Registered model name cannot contain '%' character");
    invalid(() -> model("a\0b"), "NUL");
    invalid(() -> model("x".repeat(257)), "exceeded length limit of 256");
    invalid(() -> registry.getRegisteredModel(""), "cannot be empty");
    invalid(() -> registry.getModelVersion("a/b", 1), "path separator");
    assertThat(model("x".repeat(256)).name()).hasSize(256);
    assertThat(model("ünïcode model.v2-b_c").name()).isEqualTo("ünïcode model.v2-b_c");
  }

  @Test
  void unknownModelsAreNotFound() {
    String message = "Registered Model with name=nope not found";
    ErrorCode code = ErrorCode.RESOURCE_DOES_NOT_EXIST;
    fails(() -> registry.getRegisteredModel("nope"), code, message);
    fails(() -> registry.updateRegisteredModel("nope", "d"), code, message);
    fails(() -> registry.renameRegisteredModel("nope", "other"), code, message);
    fails(() -> registry.deleteRegisteredModel("nope"), code, message);
    fails(() -> registry.getLatestVersions("nope", List.of()), code, message);
    fails(() -> registry.setRegisteredModelTag("nope", new Tag("k", "v")), code, message);
    fails(() -> registry.deleteRegisteredModelTag("nope", "k"), code, message);
    fails(() -> registry.deleteAlias("nope", "champion"), code, message);
    fails(() -> version("nope"), code, message);
  }

  @Test
  void updatesTheDescription() {
    RegisteredModel created = model("iris");
    RegisteredModel updated = registry.updateRegisteredModel("iris", "better");
    assertThat(updated.description()).isEqualTo("better");
    assertThat(updated.lastUpdatedTimestamp()).isGreaterThanOrEqualTo(created.creationTimestamp());
    assertThat(registry.updateRegisteredModel("iris", null).description()).isNull();
    invalid(() -> registry.updateRegisteredModel("iris", "d".repeat(5001)), "5000");
  }

  @Test
  void setsReplacesAndDeletesModelTags() {
    model("iris");
    registry.setRegisteredModelTag("iris", new Tag("b", "1"));
    registry.setRegisteredModelTag("iris", new Tag("a", "2"));
    registry.setRegisteredModelTag("iris", new Tag("b", "3"));
    assertThat(registry.getRegisteredModel("iris").tags())
        .containsExactly(new Tag("a", "2"), new Tag("b", "3"));
    registry.deleteRegisteredModelTag("iris", "b");
    registry.deleteRegisteredModelTag("iris", "never-set"); // as MLflow: no error
    assertThat(registry.getRegisteredModel("iris").tags()).containsExactly(new Tag("a", "2"));
  }

  @Test
  void invalidTagsAreRefused() {
    model("iris");
    invalid(() -> registry.setRegisteredModelTag("iris", new Tag("a b!", "v")), "Invalid tag name");
    invalid(() -> registry.setRegisteredModelTag("iris", new Tag("../x", "v")), "Invalid tag name");
    invalid(
        () -> registry.setRegisteredModelTag("iris", new Tag("k".repeat(251), "v")),
        "Registered model key");
    invalid(
        () -> registry.setRegisteredModelTag("iris", new Tag("k", "v".repeat(5001))),
        "Registered model value");
    invalid(
        () -> registry.createRegisteredModel("other", List.of(new Tag("", "v")), null),
        "Invalid tag name");
    invalid(() -> registry.deleteRegisteredModelTag("iris", "/abs"), "Invalid tag name");
    version("iris");
    invalid(
        () -> registry.setModelVersionTag("iris", 1, new Tag("k", "v".repeat(5001))),
        "Model version value");
    // Nothing was written by the refused calls.
    assertThatThrownBy(() -> registry.getRegisteredModel("other"))
        .isInstanceOf(NotFoundException.class);
    assertThat(registry.getRegisteredModel("iris").tags()).isEmpty();
  }

  @Test
  void aVersionHoldsAtMostTheTagLimitButItsTagsStayUpdatable() {
    model("iris");
    version("iris");
    for (int i = 0; i < RegistryLimits.MAX_TAGS_PER_MODEL_VERSION; i++) {
      registry.setModelVersionTag("iris", 1, new Tag("k" + i, "v"));
    }
    invalid(
        () -> registry.setModelVersionTag("iris", 1, new Tag("one-more", "v")),
        "at most " + RegistryLimits.MAX_TAGS_PER_MODEL_VERSION + " tags");
    registry.setModelVersionTag("iris", 1, new Tag("k0", "changed"));
    assertThat(registry.getModelVersion("iris", 1).tags())
        .hasSize(RegistryLimits.MAX_TAGS_PER_MODEL_VERSION)
        .contains(new Tag("k0", "changed"))
        .doesNotContain(new Tag("one-more", "v"));
  }

  @Test
  void renameMovesVersionsTagsAndAliases() {
    registry.createRegisteredModel("old", List.of(new Tag("t", "1")), "d");
    version("old");
    version("old");
    registry.setModelVersionTag("old", 2, new Tag("vt", "x"));
    registry.setAlias("old", "champion", 2);

    RegisteredModel renamed = registry.renameRegisteredModel("old", "new");
    assertThat(renamed.name()).isEqualTo("new");
    assertThat(renamed.tags()).containsExactly(new Tag("t", "1"));
    assertThat(renamed.aliases()).containsExactly(new ModelAlias("champion", 2));
    assertThat(renamed.latestVersions()).extracting(ModelVersion::name).containsOnly("new");
    ModelVersion v2 = registry.getModelVersion("new", 2);
    assertThat(v2.tags()).containsExactly(new Tag("vt", "x"));
    assertThat(v2.aliases()).containsExactly("champion");
    assertThat(registry.getVersionByAlias("new", "champion").version()).isEqualTo(2);
    fails(() -> registry.getRegisteredModel("old"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "old");
    fails(() -> registry.getModelVersion("old", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "old");
    // Numbering continues under the new name.
    assertThat(version("new").version()).isEqualTo(3);
  }

  @Test
  void renameToATakenNameIsRefused() {
    model("a");
    model("b");
    version("a");
    assertThatThrownBy(() -> registry.renameRegisteredModel("a", "b"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Registered Model (name=b) already exists.");
    invalid(() -> registry.renameRegisteredModel("a", ""), "cannot be empty");
    invalid(() -> registry.renameRegisteredModel("a", "x/y"), "path separator");
    assertThat(registry.getModelVersion("a", 1).name()).isEqualTo("a");
  }

  @Test
  void deletingAModelDeletesEverythingAndFreesItsName() {
    registry.createRegisteredModel("iris", List.of(new Tag("t", "1")), null);
    version("iris");
    registry.setModelVersionTag("iris", 1, new Tag("vt", "x"));
    registry.setAlias("iris", "champion", 1);
    registry.deleteRegisteredModel("iris");
    fails(() -> registry.getRegisteredModel("iris"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "iris");
    fails(() -> registry.getModelVersion("iris", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "iris");

    RegisteredModel again = model("iris");
    assertThat(again.tags()).isEmpty();
    assertThat(version("iris").version()).isEqualTo(1);
    assertThat(registry.getModelVersion("iris", 1).tags()).isEmpty();
    assertThat(registry.getRegisteredModel("iris").aliases()).isEmpty();
  }

  // ---- model versions ----------------------------------------------------------------------

  @Test
  void createsNumberedVersions() {
    RegisteredModel m = model("iris");
    ModelVersion v1 =
        registry.createModelVersion(
            new NewModelVersion(
                "iris",
                "s3://b/model",
                "abc123",
                "http://link",
                "first",
                List.of(new Tag("k", "v")),
                "alice"));
    assertThat(v1.name()).isEqualTo("iris");
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.source()).isEqualTo("s3://b/model");
    assertThat(v1.runId()).isEqualTo("abc123");
    assertThat(v1.runLink()).isEqualTo("http://link");
    assertThat(v1.description()).isEqualTo("first");
    assertThat(v1.userId()).isEqualTo("alice");
    assertThat(v1.currentStage()).isEqualTo(ModelStage.NONE);
    assertThat(v1.status()).isEqualTo(ModelVersionStatus.READY);
    assertThat(v1.statusMessage()).isNull();
    assertThat(v1.tags()).containsExactly(new Tag("k", "v"));
    assertThat(v1.aliases()).isEmpty();
    assertThat(v1.creationTimestamp()).isEqualTo(v1.lastUpdatedTimestamp());
    assertThat(registry.getModelVersion("iris", 1)).isEqualTo(v1);
    assertThat(version("iris").version()).isEqualTo(2);
    // Creating a version touches the model, as MLflow.
    assertThat(registry.getRegisteredModel("iris").lastUpdatedTimestamp())
        .isGreaterThanOrEqualTo(m.lastUpdatedTimestamp());
  }

  @Test
  void emptyOptionalFieldsAreStoredAsAbsent() {
    model("iris");
    ModelVersion v =
        registry.createModelVersion(
            new NewModelVersion("iris", "s3://b/m", "", "", null, List.of(), null));
    assertThat(v.runId()).isNull();
    assertThat(v.runLink()).isNull();
    assertThat(v.userId()).isNull();
    invalid(
        () ->
            registry.createModelVersion(
                new NewModelVersion("iris", " ", null, null, null, List.of(), null)),
        "source cannot be empty");
    invalid(() -> version("iris", "s3://" + "x".repeat(8200)), "exceeded length limit of 8192");
  }

  @Test
  void deletedVersionNumbersAreNotReused() {
    model("iris");
    version("iris");
    version("iris");
    version("iris");
    registry.deleteModelVersion("iris", 3);
    registry.deleteModelVersion("iris", 2);
    assertThat(version("iris").version()).isEqualTo(4);
    fails(
        () -> registry.getModelVersion("iris", 3),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Model Version (name=iris, version=3) not found");
    fails(
        () -> registry.deleteModelVersion("iris", 3),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "version=3");
  }

  @Test
  void unknownVersionsAreNotFound() {
    model("iris");
    version("iris");
    String message = "Model Version (name=iris, version=7) not found";
    ErrorCode code = ErrorCode.RESOURCE_DOES_NOT_EXIST;
    fails(() -> registry.getModelVersion("iris", 7), code, message);
    fails(() -> registry.updateModelVersion("iris", 7, "d"), code, message);
    fails(() -> registry.deleteModelVersion("iris", 7), code, message);
    fails(() -> registry.transitionStage("iris", 7, ModelStage.STAGING, false), code, message);
    fails(() -> registry.setModelVersionTag("iris", 7, new Tag("k", "v")), code, message);
    fails(() -> registry.deleteModelVersionTag("iris", 7, "k"), code, message);
    fails(() -> registry.setAlias("iris", "champion", 7), code, message);
    fails(() -> registry.versionFiles("iris", 7), code, message);
    fails(() -> registry.getModelVersion("nope", 1), code, "name=nope, version=1");
    fails(() -> registry.getModelVersion("iris", -1), code, "version=-1");
  }

  @Test
  void updatesVersionDescriptionAndTags() {
    model("iris");
    ModelVersion v = version("iris");
    ModelVersion updated = registry.updateModelVersion("iris", 1, "now described");
    assertThat(updated.description()).isEqualTo("now described");
    assertThat(updated.lastUpdatedTimestamp()).isGreaterThanOrEqualTo(v.lastUpdatedTimestamp());
    registry.setModelVersionTag("iris", 1, new Tag("b", "1"));
    registry.setModelVersionTag("iris", 1, new Tag("a", "1"));
    registry.setModelVersionTag("iris", 1, new Tag("b", "2"));
    assertThat(registry.getModelVersion("iris", 1).tags())
        .containsExactly(new Tag("a", "1"), new Tag("b", "2"));
    registry.deleteModelVersionTag("iris", 1, "a");
    registry.deleteModelVersionTag("iris", 1, "never-set");
    assertThat(registry.getModelVersion("iris", 1).tags()).containsExactly(new Tag("b", "2"));
  }

  // ---- aliases -----------------------------------------------------------------------------

  @Test
  void aliasesPointAtVersionsAndMove() {
    model("iris");
    version("iris");
    version("iris");
    registry.setAlias("iris", "champion", 1);
    registry.setAlias("iris", "challenger", 2);
    assertThat(registry.getVersionByAlias("iris", "champion").version()).isEqualTo(1);
    assertThat(registry.getModelVersion("iris", 1).aliases()).containsExactly("champion");

    registry.setAlias("iris", "champion", 2);
    assertThat(registry.getVersionByAlias("iris", "champion").version()).isEqualTo(2);
    assertThat(registry.getModelVersion("iris", 1).aliases()).isEmpty();
    assertThat(registry.getModelVersion("iris", 2).aliases())
        .containsExactly("challenger", "champion");
    assertThat(registry.getRegisteredModel("iris").aliases())
        .containsExactly(new ModelAlias("challenger", 2), new ModelAlias("champion", 2));

    registry.deleteAlias("iris", "challenger");
    registry.deleteAlias("iris", "never-set"); // as MLflow: no error
    assertThat(registry.getRegisteredModel("iris").aliases())
        .containsExactly(new ModelAlias("champion", 2));
  }

  @Test
  void unknownAliasesAreInvalidParameters() {
    model("iris");
    version("iris");
    assertThatThrownBy(() -> registry.getVersionByAlias("iris", "champion"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Registered model alias champion not found.");
    // MLflow answers the same for an alias of a model that does not exist.
    invalid(() -> registry.getVersionByAlias("nope", "champion"), "alias champion not found");
  }

  @Test
  void invalidAliasesAreRefused() {
    model("iris");
    version("iris");
    invalid(() -> registry.setAlias("iris", "", 1), "alias name cannot be empty");
    invalid(() -> registry.setAlias("iris", "a b", 1), "Invalid alias name: 'a b'");
    invalid(() -> registry.setAlias("iris", "a.b", 1), "Invalid alias name");
    invalid(() -> registry.setAlias("iris", "Latest", 1), "'latest' alias name");
    invalid(() -> registry.setAlias("iris", "v3", 1), "Version alias name 'v3' is reserved.");
    invalid(() -> registry.setAlias("iris", "a".repeat(256), 1), "exceeded length limit of 255");
    invalid(() -> registry.getVersionByAlias("iris", "V1"), "reserved");
    invalid(() -> registry.deleteAlias("iris", "latest"), "reserved");
    registry.setAlias("iris", "a".repeat(255), 1);
    registry.setAlias("iris", "prod-2024_b", 1);
    assertThat(registry.getModelVersion("iris", 1).aliases()).hasSize(2);
  }

  @Test
  void deletingAVersionDeletesItsAliases() {
    model("iris");
    version("iris");
    version("iris");
    registry.setAlias("iris", "champion", 1);
    registry.setAlias("iris", "challenger", 2);
    registry.deleteModelVersion("iris", 1);
    invalid(() -> registry.getVersionByAlias("iris", "champion"), "alias champion not found");
    assertThat(registry.getRegisteredModel("iris").aliases())
        .containsExactly(new ModelAlias("challenger", 2));
  }

  // ---- stages ------------------------------------------------------------------------------

  @Test
  void transitionsStagesAndReportsLatestVersions() {
    model("iris");
    for (int i = 0; i < 5; i++) {
      version("iris");
    }
    registry.transitionStage("iris", 1, ModelStage.PRODUCTION, false);
    registry.transitionStage("iris", 2, ModelStage.STAGING, false);
    ModelVersion v3 = registry.transitionStage("iris", 3, ModelStage.STAGING, false);
    assertThat(v3.currentStage()).isEqualTo(ModelStage.STAGING);
    registry.transitionStage("iris", 4, ModelStage.ARCHIVED, false);

    assertThat(registry.getLatestVersions("iris", List.of()))
        .extracting(ModelVersion::currentStage, ModelVersion::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ModelStage.NONE, 5L),
            org.assertj.core.groups.Tuple.tuple(ModelStage.STAGING, 3L),
            org.assertj.core.groups.Tuple.tuple(ModelStage.PRODUCTION, 1L),
            org.assertj.core.groups.Tuple.tuple(ModelStage.ARCHIVED, 4L));
    assertThat(registry.getLatestVersions("iris", List.of(ModelStage.PRODUCTION, ModelStage.NONE)))
        .extracting(ModelVersion::version)
        .containsExactly(5L, 1L);
    assertThat(registry.getRegisteredModel("iris").latestVersions())
        .extracting(ModelVersion::version)
        .containsExactly(5L, 3L, 1L, 4L);
  }

  @Test
  void archiveExistingMovesTheOthersInThatStage() {
    model("iris");
    for (int i = 0; i < 4; i++) {
      version("iris");
    }
    registry.transitionStage("iris", 1, ModelStage.PRODUCTION, false);
    registry.transitionStage("iris", 2, ModelStage.PRODUCTION, false);
    registry.transitionStage("iris", 3, ModelStage.STAGING, false);
    registry.transitionStage("iris", 4, ModelStage.PRODUCTION, true);
    assertThat(registry.getModelVersion("iris", 1).currentStage()).isEqualTo(ModelStage.ARCHIVED);
    assertThat(registry.getModelVersion("iris", 2).currentStage()).isEqualTo(ModelStage.ARCHIVED);
    assertThat(registry.getModelVersion("iris", 3).currentStage()).isEqualTo(ModelStage.STAGING);
    assertThat(registry.getModelVersion("iris", 4).currentStage()).isEqualTo(ModelStage.PRODUCTION);
    invalid(
        () -> registry.transitionStage("iris", 3, ModelStage.NONE, true),
        "cannot archive existing model versions because 'None' is not an Active stage");
    invalid(() -> registry.transitionStage("iris", 3, ModelStage.ARCHIVED, true), "'Archived'");
    assertThat(registry.getModelVersion("iris", 3).currentStage()).isEqualTo(ModelStage.STAGING);
  }
}
