package io.galley.server.mlflow;

import static io.galley.server.Http.json;
import static io.galley.server.Http.obj;
import static io.galley.server.Http.q;
import static io.galley.server.mlflow.RegistryResponses.entry;
import static io.galley.server.mlflow.RegistryResponses.fieldNames;
import static io.galley.server.mlflow.RegistryResponses.names;
import static io.galley.server.mlflow.RegistryResponses.sortedTags;
import static io.galley.server.mlflow.RegistryResponses.versions;
import static io.galley.server.mlflow.RegistryResponses.versionsByStage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.blob.Digest;
import io.galley.server.ApiTestBase;
import io.galley.server.Http.Resp;
import io.galley.server.oci.OciHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model registry's REST API over real HTTP against a real store, with the requests MLflow's
 * Python client sends ({@link PythonRegistryClient}): every endpoint, the response shapes of {@code
 * model_registry.proto}, and the errors. Run against each database by a subclass.
 */
abstract class ModelRegistryApiContract extends ApiTestBase {
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

  private PythonRegistryClient py;

  @BeforeAll
  void client() {
    py = new PythonRegistryClient(http);
  }

  // ---- registered models

  @Test
  void createAndGetRegisteredModelWithMlflowShape() {
    String name = unique("model");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "vision");
    tags.put("empty", "");
    Resp created = py.createRegisteredModel(name, tags, "a classifier ✓");
    ok(created);
    JsonNode m = created.json().get("registered_model");
    assertThat(fieldNames(created.json())).containsExactly("registered_model");
    assertThat(m.get("name").asText()).isEqualTo(name);
    assertThat(m.get("creation_timestamp").isIntegralNumber()).isTrue();
    assertThat(m.get("creation_timestamp").asLong()).isPositive();
    assertThat(m.get("last_updated_timestamp").isIntegralNumber()).isTrue();
    assertThat(m.get("description").asText()).isEqualTo("a classifier ✓");
    assertThat(m.get("tags"))
        .containsExactlyInAnyOrder(
            json("{'key': 'team', 'value': 'vision'}"), json("{'key': 'empty', 'value': ''}"));
    assertThat(m.has("latest_versions")).isFalse();
    assertThat(m.has("aliases")).isFalse();
    assertThat(m.has("user_id")).isFalse();

    Resp got = py.getRegisteredModel(name);
    ok(got);
    // The create answer keeps the request's tag order, reads sort by key: MLflow promises neither.
    assertThat(sortedTags(got.json())).isEqualTo(sortedTags(created.json()));
    Resp ajax = http.get("/ajax-api/2.0/mlflow/registered-models/get?name=" + q(name));
    assertThat(ajax.json()).isEqualTo(got.json());
  }

  @Test
  void bareRegisteredModelHasOnlyNameAndTimestamps() {
    String name = unique("bare");
    Resp created = py.createRegisteredModel(name, Map.of(), null);
    ok(created);
    assertThat(fieldNames(created.json().get("registered_model")))
        .containsExactlyInAnyOrder("name", "creation_timestamp", "last_updated_timestamp");
  }

  @Test
  void renameMovesVersionsAndFreesTheOldName() {
    String name = model("rename");
    createVersion(name, "s3://bucket/model");
    String renamed = unique("renamed");
    Resp r = py.renameRegisteredModel(name, renamed);
    ok(r);
    assertThat(r.json().at("/registered_model/name").asText()).isEqualTo(renamed);
    assertError(py.getRegisteredModel(name), 404, "RESOURCE_DOES_NOT_EXIST");
    Resp version = py.getModelVersion(renamed, "1");
    ok(version);
    assertThat(version.json().at("/model_version/name").asText()).isEqualTo(renamed);

    String other = model("taken");
    assertError(py.renameRegisteredModel(renamed, other), 400, "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void updateDescriptionWithPatch() {
    String name = model("update");
    Resp r = py.updateRegisteredModel(name, "new words");
    ok(r);
    assertThat(r.json().at("/registered_model/description").asText()).isEqualTo("new words");
    assertThat(py.getRegisteredModel(name).json().at("/registered_model/description").asText())
        .isEqualTo("new words");
    Resp post =
        http.mlflowPost(
            "registered-models/update", obj().put("name", name).put("description", "x"));
    assertError(post, 405, "BAD_REQUEST");
  }

  @Test
  void deleteTakesTheBodyOrTheQueryString() {
    String a = model("delete-body");
    createVersion(a, "s3://bucket/a");
    ok(py.deleteRegisteredModel(a));
    assertError(py.getRegisteredModel(a), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(py.getModelVersion(a, "1"), 404, "RESOURCE_DOES_NOT_EXIST");

    String b = model("delete-query");
    ok(http.send("DELETE", "/api/2.0/mlflow/registered-models/delete?name=" + q(b), null, null));
    assertError(py.getRegisteredModel(b), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(py.deleteRegisteredModel(b), 404, "RESOURCE_DOES_NOT_EXIST");

    String inBody = model("delete-both-body");
    String inQuery = model("delete-both-query");
    ok(
        http.send(
            "DELETE",
            "/api/2.0/mlflow/registered-models/delete?name=" + q(inQuery),
            obj().put("name", inBody).toString(),
            "application/json"));
    assertError(py.getRegisteredModel(inBody), 404, "RESOURCE_DOES_NOT_EXIST");
    ok(py.getRegisteredModel(inQuery));
  }

  @Test
  void searchRegisteredModelsWithFilterOrderAndPages() {
    String prefix = unique("search");
    for (int i = 0; i < 3; i++) {
      ok(py.createRegisteredModel(prefix + "-" + i, Map.of(), null));
    }
    String filter = "name LIKE '" + prefix + "%'";
    Resp first = py.searchRegisteredModels(filter, 2, List.of("name DESC"), null);
    ok(first);
    assertThat(names(first.json(), "registered_models"))
        .containsExactly(prefix + "-2", prefix + "-1");
    String token = first.json().get("next_page_token").asText();
    assertThat(token).isNotEmpty();
    Resp second = py.searchRegisteredModels(filter, 2, List.of("name DESC"), token);
    ok(second);
    assertThat(names(second.json(), "registered_models")).containsExactly(prefix + "-0");
    assertThat(second.json().has("next_page_token")).isFalse();

    Resp none = py.searchRegisteredModels("name = '" + unique("none") + "'", 100, List.of(), null);
    ok(none);
    assertThat(none.json()).isEqualTo(obj());
  }

  @Test
  void registeredModelTags() {
    String name = model("tags");
    ok(py.setRegisteredModelTag(name, "k", "v1"));
    ok(py.setRegisteredModelTag(name, "k", "v2"));
    ok(py.setRegisteredModelTag(name, "other", "x"));
    assertThat(py.getRegisteredModel(name).json().at("/registered_model/tags"))
        .containsExactlyInAnyOrder(
            json("{'key': 'k', 'value': 'v2'}"), json("{'key': 'other', 'value': 'x'}"));
    ok(py.deleteRegisteredModelTag(name, "k"));
    assertThat(py.getRegisteredModel(name).json().at("/registered_model/tags"))
        .containsExactly(json("{'key': 'other', 'value': 'x'}"));
  }

  // ---- model versions

  @Test
  void createAndGetModelVersionWithMlflowShape() {
    String name = model("versions");
    Resp created =
        py.createModelVersion(
            name, "s3://bucket/path/model", null, Map.of("k", "v"), "http://x/run", "first");
    ok(created);
    JsonNode v = created.json().get("model_version");
    assertThat(fieldNames(created.json())).containsExactly("model_version");
    assertThat(v.get("name").asText()).isEqualTo(name);
    assertThat(v.get("version").isTextual()).isTrue();
    assertThat(v.get("version").asText()).isEqualTo("1");
    assertThat(v.get("creation_timestamp").isIntegralNumber()).isTrue();
    assertThat(v.get("last_updated_timestamp").isIntegralNumber()).isTrue();
    assertThat(v.get("current_stage").asText()).isEqualTo("None");
    assertThat(v.get("description").asText()).isEqualTo("first");
    assertThat(v.get("source").asText()).isEqualTo("s3://bucket/path/model");
    assertThat(v.get("status").asText()).isEqualTo("READY");
    assertThat(v.get("run_link").asText()).isEqualTo("http://x/run");
    assertThat(v.get("tags")).containsExactly(json("{'key': 'k', 'value': 'v'}"));
    assertThat(v.has("aliases")).isFalse();
    assertThat(v.has("status_message")).isFalse();

    Resp got = py.getModelVersion(name, "1");
    ok(got);
    assertThat(got.json()).isEqualTo(created.json());
    assertThat(createVersion(name, "s3://bucket/path/model")).isEqualTo("2");
  }

  @Test
  void versionNumbersAreNeverReused() {
    String name = model("numbers");
    createVersion(name, "s3://b/1");
    createVersion(name, "s3://b/2");
    ok(py.deleteModelVersion(name, "2"));
    assertError(py.getModelVersion(name, "2"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(createVersion(name, "s3://b/3")).isEqualTo("3");
  }

  @Test
  void updateModelVersionDescription() {
    String name = model("mv-update");
    createVersion(name, "s3://b/m");
    Resp r = py.updateModelVersion(name, "1", "better");
    ok(r);
    assertThat(r.json().at("/model_version/description").asText()).isEqualTo("better");
    assertThat(py.getModelVersion(name, "1").json().at("/model_version/description").asText())
        .isEqualTo("better");
  }

  @Test
  void stagesAndLatestVersions() {
    String name = model("stages");
    for (int i = 0; i < 4; i++) {
      createVersion(name, "s3://b/" + i);
    }
    ok(py.transitionModelVersionStage(name, "1", "Production", false));
    Resp staged = py.transitionModelVersionStage(name, "2", "staging", false);
    ok(staged);
    assertThat(staged.json().at("/model_version/current_stage").asText()).isEqualTo("Staging");
    ok(py.transitionModelVersionStage(name, "3", "Production", false));

    Resp latest = py.getLatestVersions(name, List.of());
    ok(latest);
    assertThat(versionsByStage(latest.json()))
        .containsExactly(entry("None", "4"), entry("Staging", "2"), entry("Production", "3"));
    Resp production = py.getLatestVersions(name, List.of("Production"));
    assertThat(versionsByStage(production.json())).containsExactly(entry("Production", "3"));
    Resp byGet =
        http.mlflowGet(
            "registered-models/get-latest-versions",
            "name=" + q(name) + "&stages=Staging&stages=None");
    ok(byGet);
    assertThat(versionsByStage(byGet.json()))
        .containsExactlyInAnyOrder(entry("Staging", "2"), entry("None", "4"));
    JsonNode model = py.getRegisteredModel(name).json().get("registered_model");
    assertThat(model.get("latest_versions")).hasSize(3);

    Resp archived = py.transitionModelVersionStage(name, "4", "Production", true);
    ok(archived);
    assertThat(py.getModelVersion(name, "1").json().at("/model_version/current_stage").asText())
        .isEqualTo("Archived");
    assertThat(py.getModelVersion(name, "3").json().at("/model_version/current_stage").asText())
        .isEqualTo("Archived");
    assertThat(versionsByStage(py.getLatestVersions(name, List.of("Production")).json()))
        .containsExactly(entry("Production", "4"));
    assertThat(py.getLatestVersions(unique("empty-model"), List.of()).status()).isEqualTo(404);
  }

  @Test
  void modelVersionTags() {
    String name = model("mv-tags");
    createVersion(name, "s3://b/m");
    ok(py.setModelVersionTag(name, "1", "k", "v"));
    ok(py.setModelVersionTag(name, "1", "gone", "soon"));
    ok(py.deleteModelVersionTag(name, "1", "gone"));
    assertThat(py.getModelVersion(name, "1").json().at("/model_version/tags"))
        .containsExactly(json("{'key': 'k', 'value': 'v'}"));
  }

  @Test
  void searchModelVersionsByNameAndRun() {
    String name = model("mv-search");
    String run = createRun(createExperiment(unique("mv-search")));
    for (int i = 0; i < 3; i++) {
      ok(py.createModelVersion(name, "s3://b/" + i, i == 1 ? run : null, Map.of(), null, null));
    }
    String filter = "name = '" + name + "'";
    Resp first = py.searchModelVersions(filter, 2, List.of("version_number ASC"), null);
    ok(first);
    assertThat(versions(first.json())).containsExactly("1", "2");
    String token = first.json().get("next_page_token").asText();
    Resp second = py.searchModelVersions(filter, 2, List.of("version_number ASC"), token);
    assertThat(versions(second.json())).containsExactly("3");
    assertThat(second.json().has("next_page_token")).isFalse();

    Resp byRun = py.searchModelVersions("run_id = '" + run + "'", null, List.of(), null);
    ok(byRun);
    assertThat(versions(byRun.json())).containsExactly("2");
    assertThat(byRun.json().at("/model_versions/0/run_id").asText()).isEqualTo(run);
    Resp none = py.searchModelVersions("name = '" + unique("none") + "'", null, List.of(), null);
    assertThat(none.json()).isEqualTo(obj());
  }

  // ---- aliases

  @Test
  void aliasesPointMoveAndGo() {
    String name = model("alias");
    createVersion(name, "s3://b/1");
    createVersion(name, "s3://b/2");
    ok(py.setRegisteredModelAlias(name, "champion", "1"));
    ok(py.setRegisteredModelAlias(name, "challenger", "2"));
    JsonNode model = py.getRegisteredModel(name).json().get("registered_model");
    assertThat(model.get("aliases"))
        .containsExactlyInAnyOrder(
            json("{'alias': 'champion', 'version': '1'}"),
            json("{'alias': 'challenger', 'version': '2'}"));
    Resp byAlias = py.getModelVersionByAlias(name, "champion");
    ok(byAlias);
    assertThat(byAlias.json().at("/model_version/version").asText()).isEqualTo("1");
    assertThat(byAlias.json().at("/model_version/aliases")).containsExactly(json("'champion'"));

    ok(py.setRegisteredModelAlias(name, "champion", "2"));
    assertThat(py.getModelVersionByAlias(name, "champion").json().at("/model_version/version"))
        .isEqualTo(json("'2'"));
    assertThat(py.getModelVersion(name, "2").json().at("/model_version/aliases"))
        .containsExactly(json("'challenger'"), json("'champion'"));

    ok(py.deleteRegisteredModelAlias(name, "challenger"));
    assertError(py.getModelVersionByAlias(name, "challenger"), 400, "INVALID_PARAMETER_VALUE");
    ok(py.deleteModelVersion(name, "2"));
    assertError(py.getModelVersionByAlias(name, "champion"), 400, "INVALID_PARAMETER_VALUE");
    assertThat(py.getRegisteredModel(name).json().at("/registered_model").has("aliases")).isFalse();
  }

  // ---- sources, download URIs and register_model

  @Test
  void registerModelFromARunAsThePythonClientDoes() {
    String exp = createExperiment(unique("register"));
    String run = createRun(exp);
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    upload(exp, run, "model/model.pkl", "weights");
    String name = unique("registered");

    JsonNode v1 = py.registerModel("runs:/" + run + "/model", name);
    assertThat(v1.get("version").asText()).isEqualTo("1");
    assertThat(v1.get("run_id").asText()).isEqualTo(run);
    String source = "mlflow-artifacts:/" + exp + "/" + run + "/artifacts/model";
    assertThat(v1.get("source").asText()).isEqualTo(source);
    assertThat(v1.get("status").asText()).isEqualTo("READY");

    JsonNode v2 = py.registerModel("runs:/" + run + "/model", name);
    assertThat(v2.get("version").asText()).isEqualTo("2");
    Resp uri = py.getModelVersionDownloadUri(name, "2");
    ok(uri);
    assertThat(uri.json())
        .isEqualTo(obj().put("artifact_uri", "mlflow-artifacts:/models/" + name + "/versions/2"));
  }

  @Test
  void downloadUriOfARunsSourceIsTheVersionsOwnFiles() {
    String exp = createExperiment(unique("runs-source"));
    String run = createRun(exp);
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    String name = model("runs-source");
    ok(py.createModelVersion(name, "runs:/" + run + "/model", run, Map.of(), null, null));
    ok(py.createModelVersion(name, "s3://bucket/elsewhere", null, Map.of(), null, null));
    ok(py.createModelVersion(name, "runs:/" + run + "/empty", run, Map.of(), null, null));
    assertThat(py.getModelVersionDownloadUri(name, "1").json().get("artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/models/" + name + "/versions/1");
    assertThat(py.getModelVersionDownloadUri(name, "2").json().get("artifact_uri").asText())
        .isEqualTo("s3://bucket/elsewhere");
    // Registered before any file was there: nothing kept, so the run's place is all there is.
    assertThat(py.getModelVersionDownloadUri(name, "3").json().get("artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + run + "/artifacts/empty");
  }

  @Test
  void aSourceNamingAnotherRunsFilesThanItsRunIdIsRefused() {
    String exp = createExperiment(unique("other-run"));
    String mine = createRun(exp);
    String theirs = createRun(exp);
    upload(exp, theirs, "model/MLmodel", "flavors: {}\n");
    String name = model("other-run");
    for (String source :
        List.of(
            "runs:/" + theirs + "/model",
            "mlflow-artifacts:/" + exp + "/" + theirs + "/artifacts/model")) {
      Resp r = py.createModelVersion(name, source, mine, Map.of(), null, null);
      assertError(r, 400, "INVALID_PARAMETER_VALUE");
      assertThat(r.message()).contains(theirs).contains(mine);
    }
    assertThat(py.getRegisteredModel(name).json().at("/registered_model").has("latest_versions"))
        .isFalse();
    // Its own run's files, or another run's without a run_id, are what MLflow's clients send.
    ok(py.createModelVersion(name, "runs:/" + theirs + "/model", theirs, Map.of(), null, null));
    ok(py.createModelVersion(name, "runs:/" + theirs + "/model", null, Map.of(), null, null));
  }

  @Test
  void aSourceWhoseFileIsNoLongerStoredIsAConflictAndCreatesNothing() {
    String exp = createExperiment(unique("vanished"));
    String run = createRun(exp);
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    upload(exp, run, "model/weights.bin", "collected under the version's feet");
    String name = model("vanished");
    // What a deletion and a collection between reading the run's files and committing leave.
    assertThat(
            server
                .blobs()
                .delete(
                    Digest.parse(
                        OciHttp.sha256("collected under the version's feet".getBytes(UTF_8)))))
        .isTrue();

    Resp r = py.createModelVersion(name, "runs:/" + run + "/model", run, Map.of(), null, null);
    assertError(r, 409, "RESOURCE_CONFLICT");
    assertThat(r.message()).contains("weights.bin").doesNotContain("/tmp");
    assertThat(py.getRegisteredModel(name).json().at("/registered_model").has("latest_versions"))
        .isFalse();
    // Uploaded again, the file is there and the version is made.
    upload(exp, run, "model/weights.bin", "collected under the version's feet");
    ok(py.createModelVersion(name, "runs:/" + run + "/model", run, Map.of(), null, null));
    assertThat(
            server
                .blobs()
                .leases()
                .isLeased(Digest.parse(OciHttp.sha256("flavors: {}\n".getBytes(UTF_8)))))
        .as("the version's leases end with its transaction")
        .isFalse();
  }

  @Test
  void copyModelVersionAsThePythonClientDoes() {
    String exp = createExperiment(unique("copy"));
    String run = createRun(exp);
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    String src = model("copy-src");
    ok(py.createModelVersion(src, "runs:/" + run + "/model", run, Map.of("k", "v"), null, "d"));
    String dst = unique("copy-dst");

    Resp copy = py.copyModelVersion(src, "1", dst);
    ok(copy);
    JsonNode v = copy.json().get("model_version");
    assertThat(v.get("name").asText()).isEqualTo(dst);
    assertThat(v.get("version").asText()).isEqualTo("1");
    assertThat(v.get("source").asText()).isEqualTo("models:/" + src + "/1");
    assertThat(v.get("run_id").asText()).isEqualTo(run);
    assertThat(v.get("description").asText()).isEqualTo("d");
    assertThat(v.get("tags")).containsExactly(json("{'key': 'k', 'value': 'v'}"));
    assertThat(py.getModelVersionDownloadUri(dst, "1").json().get("artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/models/" + dst + "/versions/1");
    assertThat(py.copyModelVersion(dst, "1", dst).status()).isEqualTo(200);
    assertThat(py.getModelVersionDownloadUri(dst, "2").json().get("artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/models/" + dst + "/versions/2");
    Resp missing = py.createModelVersion(dst, "models:/" + src + "/9", null, Map.of(), null, null);
    assertError(missing, 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void sourcesThatClimbOrNameTheServersDiskAreRefused() {
    String name = model("bad-source");
    for (String source :
        List.of(
            "/etc/passwd",
            "model",
            "file:///etc/passwd",
            "s3://bucket/a/../../etc",
            "mlflow-artifacts:/1/r/artifacts/%2e%2e/%2e%2e/x",
            "https://host/a/%252e%252e/b",
            "s3://bucket/a%00b",
            "runs:/abc/../../x")) {
      Resp r = py.createModelVersion(name, source, null, Map.of(), null, null);
      assertError(r, 400, "INVALID_PARAMETER_VALUE");
    }
    assertThat(py.getRegisteredModel(name).json().at("/registered_model").has("latest_versions"))
        .isFalse();
  }

  // ---- errors

  @Test
  void unknownModelsAndVersionsAreResourceDoesNotExist() {
    String absent = unique("absent");
    String name = model("known");
    createVersion(name, "s3://b/m");
    List<Resp> answers =
        List.of(
            py.getRegisteredModel(absent),
            py.renameRegisteredModel(absent, unique("x")),
            py.updateRegisteredModel(absent, "d"),
            py.deleteRegisteredModel(absent),
            py.setRegisteredModelTag(absent, "k", "v"),
            py.getLatestVersions(absent, List.of()),
            py.createModelVersion(absent, "s3://b/m", null, Map.of(), null, null),
            py.getModelVersion(name, "7"),
            py.getModelVersion(absent, "1"),
            py.updateModelVersion(name, "7", "d"),
            py.deleteModelVersion(name, "7"),
            py.getModelVersionDownloadUri(name, "7"),
            py.setModelVersionTag(name, "7", "k", "v"),
            py.transitionModelVersionStage(name, "7", "Staging", false),
            py.setRegisteredModelAlias(name, "a", "7"),
            py.setRegisteredModelAlias(absent, "a", "1"));
    for (Resp r : answers) {
      assertError(r, 404, "RESOURCE_DOES_NOT_EXIST");
    }
  }

  @Test
  void duplicateNameIsResourceAlreadyExists() {
    String name = model("dup");
    assertError(py.createRegisteredModel(name, Map.of(), null), 400, "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void missingRequiredFieldsAreInvalidParameterValue() {
    String name = model("required");
    createVersion(name, "s3://b/m");
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("registered-models/create", "{}");
    cases.put("registered-models/rename", "{'name': '" + name + "'}");
    cases.put("registered-models/set-tag", "{'name': '" + name + "'}");
    cases.put("model-versions/create", "{'name': '" + name + "'}");
    cases.put("model-versions/set-tag", "{'name': '" + name + "', 'key': 'k'}");
    cases.put("model-versions/transition-stage", "{'name': '" + name + "', 'version': '1'}");
    cases.put("registered-models/alias", "{'name': '" + name + "', 'alias': 'a'}");
    cases.forEach(
        (endpoint, body) -> {
          Resp r = http.mlflowPost(endpoint, json(body));
          assertError(r, 400, "INVALID_PARAMETER_VALUE");
          assertThat(r.message()).as(endpoint).startsWith("Missing value for required parameter");
        });
    assertError(http.mlflowGet("registered-models/get", ""), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowGet("model-versions/get", "name=" + q(name)), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        http.send("DELETE", "/api/2.0/mlflow/registered-models/delete", "{}", "application/json"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void wrongTypesAndBadValuesAreInvalidParameterValue() {
    String name = model("types");
    createVersion(name, "s3://b/m");
    List<String> bodies =
        List.of(
            "{'name': 42}",
            "{'name': ['" + name + "']}",
            "{'name': '" + name + "', 'tags': 'k=v'}",
            "{'name': '" + name + "', 'tags': [{'value': 'no key'}]}",
            "{'name': '" + name + "', 'description': 7}");
    for (String body : bodies) {
      assertError(
          http.mlflowPost("registered-models/create", json(body)), 400, "INVALID_PARAMETER_VALUE");
    }
    String version = "model-versions/transition-stage";
    for (String body :
        List.of(
            "{'name': '" + name + "', 'version': 1, 'stage': 'Staging'}",
            "{'name': '" + name + "', 'version': 'one', 'stage': 'Staging'}",
            "{'name': '" + name + "', 'version': '99999999999999999999', 'stage': 'Staging'}",
            "{'name': '" + name + "', 'version': '1', 'stage': 'Shipped'}",
            "{'name': '"
                + name
                + "', 'version': '1', 'stage': 'Staging',"
                + " 'archive_existing_versions': 'yes'}")) {
      assertError(http.mlflowPost(version, json(body)), 400, "INVALID_PARAMETER_VALUE");
    }
    assertError(py.getLatestVersions(name, List.of("Shipped")), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        py.searchRegisteredModels(null, 1001, List.of(), null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        py.searchModelVersions(null, 200_001, List.of(), null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        py.searchRegisteredModels("name = ", null, List.of(), null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowGet("model-versions/get", "name=" + q(name) + "&version=1.5"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(py.getModelVersion(name, "1").json().at("/model_version/current_stage").asText())
        .isEqualTo("None");
  }

  @Test
  void invalidNamesAliasesAndOversizedValuesAreRefused() {
    String name = model("limits");
    createVersion(name, "s3://b/m");
    List<Resp> answers = new ArrayList<>();
    answers.add(py.createRegisteredModel("", Map.of(), null));
    answers.add(py.createRegisteredModel("n".repeat(300), Map.of(), null));
    answers.add(py.createRegisteredModel(unique("t"), Map.of("k".repeat(251), "v"), null));
    answers.add(py.createRegisteredModel(unique("t"), Map.of("k", "v".repeat(5001)), null));
    answers.add(py.setRegisteredModelTag(name, "k".repeat(251), "v"));
    answers.add(py.setModelVersionTag(name, "1", "k", "v".repeat(5001)));
    answers.add(py.setRegisteredModelAlias(name, "v1", "1"));
    answers.add(py.setRegisteredModelAlias(name, "latest", "1"));
    answers.add(py.setRegisteredModelAlias(name, "a".repeat(300), "1"));
    for (Resp r : answers) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.errorCode()).isIn("INVALID_PARAMETER_VALUE", "RESOURCE_ALREADY_EXISTS");
    }
    JsonNode model = py.getRegisteredModel(name).json().get("registered_model");
    assertThat(model.has("tags")).isFalse();
    assertThat(model.has("aliases")).isFalse();
  }

  @Test
  void malformedBodiesAndWrongMethodsAreClientErrors() {
    String name = model("malformed");
    for (String endpoint : List.of("registered-models/create", "model-versions/create")) {
      assertError(http.mlflowPost(endpoint, "{\"name\": "), 400, "BAD_REQUEST");
      assertError(http.mlflowPost(endpoint, "[1, 2]"), 400, "BAD_REQUEST");
    }
    assertError(
        http.send("PATCH", "/api/2.0/mlflow/registered-models/update", "{x", "application/json"),
        400,
        "BAD_REQUEST");
    assertError(
        http.send("DELETE", "/api/2.0/mlflow/registered-models/delete", "nul", "application/json"),
        400,
        "BAD_REQUEST");
    assertError(http.mlflowGet("registered-models/create", "name=" + q(name)), 405, "BAD_REQUEST");
    assertError(
        http.send("PUT", "/api/2.0/mlflow/registered-models/alias", "{}", "application/json"),
        405,
        "BAD_REQUEST");
    assertError(
        http.mlflowPost("registered-models/delete", obj().put("name", name)), 405, "BAD_REQUEST");
    ok(py.getRegisteredModel(name));
  }

  // ---- helpers

  private String model(String prefix) {
    String name = unique(prefix);
    ok(py.createRegisteredModel(name, Map.of(), null));
    return name;
  }

  private String createVersion(String name, String source) {
    Resp r = py.createModelVersion(name, source, null, Map.of(), null, null);
    ok(r);
    return r.json().at("/model_version/version").asText();
  }

  /**
   * What MLflow's client does with a version's download URI ({@code mlflow-artifacts:/models/...}):
   * list through the proxy and GET each file. It gets the registered bytes even after the run's
   * files were overwritten and deleted and the blobs collected.
   */
  @Test
  void aVersionDownloadsWhatWasRegisteredAfterItsRunsFilesChange() {
    String exp = createExperiment(unique("kept"));
    String run = createRun(exp);
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    upload(exp, run, "model/data/weights.bin", "w1");
    String name = unique("kept");
    py.registerModel("runs:/" + run + "/model", name);

    upload(exp, run, "model/data/weights.bin", "w2");
    ok(http.send("DELETE", PROXY + "/" + exp + "/" + run + "/artifacts/model/MLmodel", "", null));
    ok(http.post("/api/2.0/galley/gc", "{\"grace_seconds\": 0}"));

    String root = "models/" + name + "/versions/1";
    Resp top = http.get(PROXY + "?path=" + q(root));
    ok(top);
    assertThat(top.json())
        .isEqualTo(
            json(
                "{'files': [{'path': 'MLmodel', 'is_dir': false, 'file_size': 12},"
                    + " {'path': 'data', 'is_dir': true}]}"));
    Resp data = http.get(PROXY + "?path=" + q(root + "/data"));
    assertThat(data.json())
        .isEqualTo(json("{'files': [{'path': 'weights.bin', 'is_dir': false, 'file_size': 2}]}"));
    Resp weights = http.get(PROXY + "/" + root + "/data/weights.bin");
    assertThat(weights.status()).isEqualTo(200);
    assertThat(weights.body()).isEqualTo("w1");
    assertThat(http.get(PROXY + "/" + root + "/MLmodel").body()).isEqualTo("flavors: {}\n");

    assertError(http.get(PROXY + "/" + root + "/data/missing.bin"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(
        http.get(PROXY + "/models/" + name + "/versions/9/MLmodel"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertThat(http.get(PROXY + "?path=" + q("models/" + name + "/versions/9")).json())
        .isEqualTo(json("{}"));
    assertError(
        http.send(
            "PUT", PROXY + "/" + root + "/data/weights.bin", "w3", "application/octet-stream"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.send("DELETE", PROXY + "/" + root + "/MLmodel", "", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(http.get(PROXY + "/" + root + "/data/weights.bin").body()).isEqualTo("w1");
  }

  private void upload(String exp, String run, String path, String content) {
    Resp r =
        http.send(
            "PUT",
            PROXY + "/" + exp + "/" + run + "/artifacts/" + path,
            content,
            "application/octet-stream");
    ok(r);
  }
}
