package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.registry.ModelAlias;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code registered-models/search} and {@code model-versions/search} as MLflow's SqlAlchemyStore
 * answers them: filters, orderings, page sizes and tokens, and the errors for bad input.
 */
abstract class ModelRegistrySearchContractTest extends ModelRegistryTestSupport {

  static RegistrySearch search(String filter, String... orderBy) {
    return new RegistrySearch(filter, List.of(orderBy), 100, null);
  }

  List<String> models(String filter, String... orderBy) {
    return registry.searchRegisteredModels(search(filter, orderBy)).items().stream()
        .map(RegisteredModel::name)
        .toList();
  }

  List<String> versions(String filter, String... orderBy) {
    return registry.searchModelVersions(search(filter, orderBy)).items().stream()
        .map(v -> v.name() + "/" + v.version())
        .toList();
  }

  ModelVersion version(String name, String runId, String source, Tag... tags) {
    return registry.createModelVersion(
        new NewModelVersion(name, source, runId, null, null, List.of(tags), "alice"));
  }

  // ---- registered models -------------------------------------------------------------------

  @Test
  void modelsComeByNameWithTagsAliasesAndLatestVersions() {
    model("b");
    registry.createRegisteredModel("a", List.of(new Tag("team", "ml")), "d");
    version("a");
    registry.setAlias("a", "champion", 1);
    Page<RegisteredModel> page =
        registry.searchRegisteredModels(new RegistrySearch("", List.of(), 100, null));
    assertThat(page.nextPageToken()).isNull();
    assertThat(page.items()).extracting(RegisteredModel::name).containsExactly("a", "b");
    RegisteredModel a = page.items().get(0);
    assertThat(a).isEqualTo(registry.getRegisteredModel("a"));
    assertThat(a.tags()).containsExactly(new Tag("team", "ml"));
    assertThat(a.aliases()).containsExactly(new ModelAlias("champion", 1));
    assertThat(a.latestVersions()).extracting(ModelVersion::version).containsExactly(1L);
  }

  @Test
  void filtersModelsByNameAndTags() {
    registry.createRegisteredModel("iris", List.of(new Tag("team", "ml")), null);
    registry.createRegisteredModel("Iris-v2", List.of(new Tag("team", "ops")), null);
    registry.createRegisteredModel(
        "wine", List.of(new Tag("team", "ml"), new Tag("my key", "x y")), null);
    assertThat(models("name = 'iris'")).containsExactly("iris");
    assertThat(models("name != 'iris'")).containsExactly("Iris-v2", "wine");
    assertThat(models("name LIKE '%ris'")).containsExactly("iris");
    assertThat(models("name LIKE '%RIS%'")).isEmpty();
    assertThat(models("name ILIKE '%RIS%'")).containsExactly("Iris-v2", "iris");
    assertThat(models("name LIKE 'Iris\\_%'")).isEmpty();
    assertThat(models("name LIKE 'Iris-_%'")).containsExactly("Iris-v2");
    assertThat(models("tags.team = 'ml'")).containsExactly("iris", "wine");
    assertThat(models("tags.team != 'ml'")).containsExactly("Iris-v2");
    assertThat(models("tags.`my key` = 'x y'")).containsExactly("wine");
    assertThat(models("tag.\"my key\" LIKE 'x%'")).containsExactly("wine");
    assertThat(models("tags.team = 'ml' AND name ILIKE 'I%'")).containsExactly("iris");
    assertThat(models("attribute.name = 'wine' and tags.team ILIKE 'ML'")).containsExactly("wine");
    assertThat(models("tags.missing = 'x'")).isEmpty();
  }

  @Test
  void filterValuesAreDataNotSql() {
    model("x");
    model("x'' OR 1=1 --");
    // A value is what is between its quotes, as written (MLflow keeps '' as two quotes).
    assertThat(models("name = 'x'' OR 1=1 --'")).containsExactly("x'' OR 1=1 --");
    assertThat(models("name = \"x' OR '1'='1\"")).isEmpty();
    assertThat(models("name LIKE '%'' OR ''1''=''1'")).isEmpty();
    invalid(() -> models("name = 'x'; DROP TABLE registered_models; --"), "Invalid filter");
    assertThat(models("")).containsExactly("x", "x'' OR 1=1 --");
  }

  @Test
  void ordersModels() {
    model("b");
    model("a");
    model("c");
    registry.updateRegisteredModel("b", "touched");
    assertThat(models("", "name DESC")).containsExactly("c", "b", "a");
    List<RegisteredModel> all = registry.searchRegisteredModels(search("")).items();
    List<String> byUpdate =
        all.stream()
            .sorted(
                Comparator.comparingLong(RegisteredModel::lastUpdatedTimestamp)
                    .reversed()
                    .thenComparing(RegisteredModel::name))
            .map(RegisteredModel::name)
            .toList();
    assertThat(models("", "last_updated_timestamp DESC")).isEqualTo(byUpdate);
    assertThat(models("", "timestamp DESC")).isEqualTo(byUpdate);
    List<String> byCreation =
        all.stream()
            .sorted(
                Comparator.comparingLong(RegisteredModel::creationTimestamp)
                    .thenComparing(RegisteredModel::name))
            .map(RegisteredModel::name)
            .toList();
    assertThat(models("", "creation_timestamp ASC")).isEqualTo(byCreation);
    assertThat(models("", "creation_timestamp", "name DESC")).hasSize(3);
  }

  @Test
  void pagesModels() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add("m" + i);
      model("m" + i);
    }
    List<String> seen = new ArrayList<>();
    @Nullable String token = null;
    int pages = 0;
    do {
      Page<RegisteredModel> page =
          registry.searchRegisteredModels(new RegistrySearch("", List.of(), 3, token));
      page.items().forEach(m -> seen.add(m.name()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(names);
    // A token is stable: the same token gives the same page.
    String second =
        registry.searchRegisteredModels(new RegistrySearch("", List.of(), 3, null)).nextPageToken();
    assertThat(
            registry.searchRegisteredModels(new RegistrySearch("", List.of(), 3, second)).items())
        .extracting(RegisteredModel::name)
        .containsExactly("m3", "m4", "m5");
  }

  @Test
  void badModelSearchesAreInvalidParameters() {
    invalid(() -> models("name > 'a'"), "comparator '>' is not valid for attribute 'name'");
    invalid(() -> models("user_id = 'a'"), "invalid attribute key 'user_id'");
    invalid(() -> models("metrics.acc > 1"), "unknown entity type 'metrics'");
    invalid(() -> models("tags.k IN ('a')"), "comparator 'IN' is not valid for tags");
    invalid(() -> models("name = 'a' OR name = 'b'"), "OR is not supported");
    invalid(() -> models("name = a"), "expected a quoted string");
    invalid(() -> models("name = 'a"), "unterminated");
    invalid(() -> models("", "version_number"), "invalid attribute key 'version_number'");
    invalid(() -> models("", "tags.k"), "cannot order by tags");
    invalid(() -> models("", "name", "name DESC"), "appears twice");
    invalid(() -> models("", "timestamp", "last_updated_timestamp"), "appears twice");
    invalid(() -> models("", "name SIDEWAYS"), "expected ASC, DESC");
    invalid(
        () -> registry.searchRegisteredModels(new RegistrySearch("", List.of(), 1001, null)),
        "It must be at most 1000, but got value 1001");
    invalid(
        () -> registry.searchRegisteredModels(new RegistrySearch("", List.of(), 0, null)),
        "It must be a positive integer, but got 0");
    invalid(
        () -> registry.searchRegisteredModels(new RegistrySearch("", List.of(), 10, "%%%")),
        "Invalid page token");
    assertThat(registry.searchRegisteredModels(new RegistrySearch("", List.of(), 1000, null)))
        .isNotNull();
  }

  // ---- model versions ----------------------------------------------------------------------

  @Test
  void filtersVersions() {
    model("iris");
    model("wine");
    version("iris", "run1", "s3://b/iris/1", new Tag("ok", "yes"));
    version("iris", "run2", "s3://b/iris/2");
    version("iris", "run3", "gs://b/iris/3", new Tag("ok", "no"));
    version("wine", "run1", "s3://b/wine/1", new Tag("ok", "yes"));
    String byName = "name ASC";
    String byVersion = "version_number ASC";
    assertThat(versions("name = 'iris'", byVersion)).containsExactly("iris/1", "iris/2", "iris/3");
    assertThat(versions("name LIKE 'w%'")).containsExactly("wine/1");
    assertThat(versions("version_number = 2")).containsExactly("iris/2");
    assertThat(versions("version_number >= 2", byName, byVersion))
        .containsExactly("iris/2", "iris/3");
    assertThat(versions("version_number < 2", byName)).containsExactly("iris/1", "wine/1");
    assertThat(versions("run_id = 'run1'", byName)).containsExactly("iris/1", "wine/1");
    assertThat(versions("run_id != 'run1'", byVersion)).containsExactly("iris/2", "iris/3");
    assertThat(versions("run_id IN ('run2', 'run3', 'nope')", byVersion))
        .containsExactly("iris/2", "iris/3");
    assertThat(versions("source_path = 's3://b/iris/2'")).containsExactly("iris/2");
    assertThat(versions("source_path LIKE 's3://%'", byName, byVersion))
        .containsExactly("iris/1", "iris/2", "wine/1");
    assertThat(versions("tags.ok = 'yes'", byName)).containsExactly("iris/1", "wine/1");
    assertThat(versions("tags.`ok` != 'yes'")).containsExactly("iris/3");
    assertThat(versions("name = 'iris' AND tags.ok = 'yes' AND run_id = 'run1'"))
        .containsExactly("iris/1");
    assertThat(versions("name = 'iris'' OR 1=1 --'")).isEmpty();
  }

  @Test
  void versionsOrderByMlflowsDefaultAndByRequest() {
    model("b");
    model("a");
    for (int i = 0; i < 3; i++) {
      version("a");
      version("b");
    }
    registry.updateModelVersion("a", 1, "touched");
    List<ModelVersion> found = registry.searchModelVersions(search("")).items();
    List<ModelVersion> expected = new ArrayList<>(found);
    expected.sort(
        Comparator.comparingLong(ModelVersion::lastUpdatedTimestamp)
            .reversed()
            .thenComparing(ModelVersion::name)
            .thenComparing(Comparator.comparingLong(ModelVersion::version).reversed()));
    assertThat(found).hasSize(6).isEqualTo(expected);
    assertThat(versions("", "name ASC")).containsExactly("a/3", "a/2", "a/1", "b/3", "b/2", "b/1");
    assertThat(versions("", "version_number ASC", "name DESC"))
        .containsExactly("b/1", "a/1", "b/2", "a/2", "b/3", "a/3");
    assertThat(versions("", "creation_timestamp ASC", "name ASC", "version_number ASC")).hasSize(6);
    assertThat(versions("", "last_updated_timestamp ASC", "name", "version_number")).hasSize(6);
  }

  @Test
  void pagesVersionsAndSkipsDeletedOnes() {
    model("iris");
    for (int i = 0; i < 10; i++) {
      version("iris");
    }
    registry.deleteModelVersion("iris", 5);
    List<String> seen = new ArrayList<>();
    @Nullable String token = null;
    do {
      Page<ModelVersion> page =
          registry.searchModelVersions(
              new RegistrySearch("name = 'iris'", List.of("version_number"), 4, token));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
      page.items().forEach(v -> seen.add(Long.toString(v.version())));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(seen).containsExactly("1", "2", "3", "4", "6", "7", "8", "9", "10");
  }

  @Test
  void searchedVersionsCarryTagsAndAliases() {
    model("iris");
    version("iris", "r", "s3://x", new Tag("k", "v"));
    registry.setAlias("iris", "champion", 1);
    ModelVersion found = registry.searchModelVersions(search("name = 'iris'")).items().get(0);
    assertThat(found).isEqualTo(registry.getModelVersion("iris", 1));
    assertThat(found.tags()).containsExactly(new Tag("k", "v"));
    assertThat(found.aliases()).containsExactly("champion");
  }

  @Test
  void badVersionSearchesAreInvalidParameters() {
    invalid(() -> versions("version_number = 'one'"), "expected a number");
    invalid(() -> versions("version_number LIKE '1%'"), "comparator 'LIKE' is not valid");
    invalid(() -> versions("name IN ('a')"), "comparator 'IN' is not valid for attribute 'name'");
    invalid(() -> versions("run_id NOT IN ('a')"), "comparator 'NOT IN' is not valid");
    invalid(() -> versions("user_id = 'alice'"), "invalid attribute key 'user_id'");
    invalid(() -> versions("creation_timestamp > 1"), "invalid attribute key");
    invalid(() -> versions("params.x = 'a'"), "unknown entity type 'params'");
    invalid(() -> versions("", "run_id"), "invalid attribute key 'run_id'");
    invalid(() -> versions("", "version_number", "version_number DESC"), "appears twice");
    invalid(
        () -> registry.searchModelVersions(new RegistrySearch("", List.of(), 200_001, null)),
        "It must be at most 200000, but got value 200001");
    invalid(
        () -> registry.searchModelVersions(new RegistrySearch("", List.of(), -1, null)),
        "positive integer");
  }
}
