package io.galley.server.mlflow;

import static io.galley.server.Http.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The requests MLflow's Python client sends for each registry call ({@code
 * mlflow/store/model_registry/rest_store.py} through {@code rest_utils.call_endpoint}): the proto's
 * method and path; a GET carries the message as query parameters ({@code requests}' {@code
 * params=}, lists repeated, unset fields left out), every other method as a JSON body in proto
 * field order, unset fields left out ({@code message_to_json}).
 */
final class PythonRegistryClient {
  private static final String API = "/api/2.0/mlflow/";

  private final Http http;

  PythonRegistryClient(Http http) {
    this.http = http;
  }

  Resp createRegisteredModel(String name, Map<String, String> tags, @Nullable String description) {
    ObjectNode m = Http.obj().put("name", name);
    putTags(m, tags);
    return send("POST", "registered-models/create", putIfSet(m, "description", description));
  }

  Resp updateRegisteredModel(String name, @Nullable String description) {
    ObjectNode m = putIfSet(Http.obj().put("name", name), "description", description);
    return send("PATCH", "registered-models/update", m);
  }

  Resp renameRegisteredModel(String name, String newName) {
    return send(
        "POST", "registered-models/rename", Http.obj().put("name", name).put("new_name", newName));
  }

  Resp deleteRegisteredModel(String name) {
    return send("DELETE", "registered-models/delete", Http.obj().put("name", name));
  }

  Resp searchRegisteredModels(
      @Nullable String filter,
      @Nullable Integer maxResults,
      List<String> orderBy,
      @Nullable String pageToken) {
    return get("registered-models/search", search(filter, maxResults, orderBy, pageToken));
  }

  Resp getRegisteredModel(String name) {
    return get("registered-models/get", "name=" + q(name));
  }

  /** {@code call_endpoints}: POST first; GET only if POST answers ENDPOINT_NOT_FOUND. */
  Resp getLatestVersions(String name, List<String> stages) {
    ObjectNode m = Http.obj().put("name", name);
    if (!stages.isEmpty()) {
      ArrayNode list = m.putArray("stages");
      stages.forEach(list::add);
    }
    Resp post = send("POST", "registered-models/get-latest-versions", m);
    if (post.status() == 404 && post.errorCode().equals("ENDPOINT_NOT_FOUND")) {
      List<String> params = new ArrayList<>(List.of("name=" + q(name)));
      stages.forEach(s -> params.add("stages=" + q(s)));
      return get("registered-models/get-latest-versions", String.join("&", params));
    }
    return post;
  }

  Resp setRegisteredModelTag(String name, String key, String value) {
    return send(
        "POST",
        "registered-models/set-tag",
        Http.obj().put("name", name).put("key", key).put("value", value));
  }

  Resp deleteRegisteredModelTag(String name, String key) {
    return send(
        "DELETE", "registered-models/delete-tag", Http.obj().put("name", name).put("key", key));
  }

  Resp createModelVersion(
      String name,
      String source,
      @Nullable String runId,
      Map<String, String> tags,
      @Nullable String runLink,
      @Nullable String description) {
    ObjectNode m = putIfSet(Http.obj().put("name", name).put("source", source), "run_id", runId);
    putTags(m, tags);
    putIfSet(m, "run_link", runLink);
    return send("POST", "model-versions/create", putIfSet(m, "description", description));
  }

  Resp transitionModelVersionStage(String name, String version, String stage, boolean archive) {
    ObjectNode m =
        Http.obj()
            .put("name", name)
            .put("version", version)
            .put("stage", stage)
            .put("archive_existing_versions", archive);
    return send("POST", "model-versions/transition-stage", m);
  }

  Resp updateModelVersion(String name, String version, @Nullable String description) {
    ObjectNode m = Http.obj().put("name", name).put("version", version);
    return send("PATCH", "model-versions/update", putIfSet(m, "description", description));
  }

  Resp deleteModelVersion(String name, String version) {
    return send(
        "DELETE", "model-versions/delete", Http.obj().put("name", name).put("version", version));
  }

  Resp getModelVersion(String name, String version) {
    return get("model-versions/get", "name=" + q(name) + "&version=" + q(version));
  }

  Resp getModelVersionDownloadUri(String name, String version) {
    return get("model-versions/get-download-uri", "name=" + q(name) + "&version=" + q(version));
  }

  Resp searchModelVersions(
      @Nullable String filter,
      @Nullable Integer maxResults,
      List<String> orderBy,
      @Nullable String pageToken) {
    return get("model-versions/search", search(filter, maxResults, orderBy, pageToken));
  }

  Resp setModelVersionTag(String name, String version, String key, String value) {
    ObjectNode m =
        Http.obj().put("name", name).put("version", version).put("key", key).put("value", value);
    return send("POST", "model-versions/set-tag", m);
  }

  Resp deleteModelVersionTag(String name, String version, String key) {
    ObjectNode m = Http.obj().put("name", name).put("version", version).put("key", key);
    return send("DELETE", "model-versions/delete-tag", m);
  }

  Resp setRegisteredModelAlias(String name, String alias, String version) {
    ObjectNode m = Http.obj().put("name", name).put("alias", alias).put("version", version);
    return send("POST", "registered-models/alias", m);
  }

  Resp deleteRegisteredModelAlias(String name, String alias) {
    return send(
        "DELETE", "registered-models/alias", Http.obj().put("name", name).put("alias", alias));
  }

  Resp getModelVersionByAlias(String name, String alias) {
    return get("registered-models/alias", "name=" + q(name) + "&alias=" + q(alias));
  }

  /**
   * {@code mlflow.register_model(model_uri, name)} as MLflow 2.x runs it: create the registered
   * model (RESOURCE_ALREADY_EXISTS is fine), resolve a {@code runs:/} URI to the run's artifact URI
   * plus the path, create the version with the run id, then wait while it is PENDING_REGISTRATION.
   * Returns the version's last {@code model-versions/get}.
   */
  JsonNode registerModel(String modelUri, String name) {
    Resp created = createRegisteredModel(name, Map.of(), null);
    if (created.status() != 200 && !created.errorCode().equals("RESOURCE_ALREADY_EXISTS")) {
      throw new AssertionError("create_registered_model failed: " + created.body());
    }
    String source = modelUri;
    String runId = null;
    if (modelUri.startsWith("runs:/")) {
      String rest = modelUri.substring("runs:/".length());
      int slash = rest.indexOf('/');
      runId = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      Resp run = http.get(API + "runs/get?run_id=" + q(runId));
      expectOk(run);
      String root = run.json().at("/run/info/artifact_uri").asText();
      source = path.isEmpty() ? root : root + "/" + path;
    }
    Resp version = createModelVersion(name, source, runId, Map.of(), null, null);
    expectOk(version);
    String number = version.json().at("/model_version/version").asText();
    for (int attempt = 0; attempt < 100; attempt++) {
      Resp got = getModelVersion(name, number);
      expectOk(got);
      if (!got.json().at("/model_version/status").asText().equals("PENDING_REGISTRATION")) {
        return got.json().get("model_version");
      }
    }
    throw new AssertionError("version " + number + " of " + name + " stayed pending");
  }

  /**
   * {@code MlflowClient.copy_model_version("models:/SRC/N", dst)}: read the source version, create
   * the destination model (RESOURCE_ALREADY_EXISTS is fine), then a version whose source is {@code
   * models:/SRC/N} with the source's run, tags, run link and description.
   */
  Resp copyModelVersion(String srcName, String srcVersion, String dstName) {
    Resp src = getModelVersion(srcName, srcVersion);
    expectOk(src);
    JsonNode mv = src.json().get("model_version");
    Resp created = createRegisteredModel(dstName, Map.of(), null);
    if (created.status() != 200 && !created.errorCode().equals("RESOURCE_ALREADY_EXISTS")) {
      throw new AssertionError("create_registered_model failed: " + created.body());
    }
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    mv.path("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
    return createModelVersion(
        dstName,
        "models:/" + srcName + "/" + srcVersion,
        text(mv, "run_id"),
        tags,
        text(mv, "run_link"),
        text(mv, "description"));
  }

  private static @Nullable String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static String search(
      @Nullable String filter,
      @Nullable Integer maxResults,
      List<String> orderBy,
      @Nullable String pageToken) {
    List<String> params = new ArrayList<>();
    if (filter != null) {
      params.add("filter=" + q(filter));
    }
    if (maxResults != null) {
      params.add("max_results=" + maxResults);
    }
    orderBy.forEach(o -> params.add("order_by=" + q(o)));
    if (pageToken != null) {
      params.add("page_token=" + q(pageToken));
    }
    return String.join("&", params);
  }

  private Resp get(String endpoint, String query) {
    return http.get(API + endpoint + (query.isEmpty() ? "" : "?" + query));
  }

  private Resp send(String method, String endpoint, JsonNode body) {
    return http.send(method, API + endpoint, body.toString(), "application/json");
  }

  private static void putTags(ObjectNode m, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      ArrayNode list = m.putArray("tags");
      tags.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
    }
  }

  private static ObjectNode putIfSet(ObjectNode m, String field, @Nullable String value) {
    return value == null ? m : m.put(field, value);
  }

  private static void expectOk(Resp r) {
    if (r.status() != 200) {
      throw new AssertionError(r.status() + " " + r.body());
    }
  }
}
