package io.galley.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.RunFileUri;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives log-inputs' datasets whose source is a file Galley stores their content digest, as the
 * input tag {@link DatasetInput#CONTENT_DIGEST_TAG}: the sha256 of the blob that holds the file, so
 * "which data made this model?" has an exact answer. The source is MLflow's JSON ({@code {"uri":
 * "runs:/..."}} for artifact sources, {@code "url"} for HTTP ones). For such a source the server's
 * digest replaces any the client sent; for other sources a client's own digest (the SDK hashes
 * local files) is kept.
 */
final class DatasetContentDigests {
  private static final List<String> URI_FIELDS = List.of("uri", "url");

  private final ArtifactIndex index;

  DatasetContentDigests(ArtifactIndex index) {
    this.index = index;
  }

  List<DatasetInput> withContentDigests(List<DatasetInput> inputs) {
    List<DatasetInput> out = new ArrayList<>(inputs.size());
    for (DatasetInput input : inputs) {
      Optional<Digest> stored = storedFileDigest(input.dataset());
      if (stored.isEmpty()) {
        out.add(input);
        continue;
      }
      List<Tag> tags = new ArrayList<>();
      for (Tag tag : input.tags()) {
        if (!tag.key().equals(DatasetInput.CONTENT_DIGEST_TAG)) {
          tags.add(tag);
        }
      }
      tags.add(new Tag(DatasetInput.CONTENT_DIGEST_TAG, stored.get().toString()));
      out.add(new DatasetInput(tags, input.dataset()));
    }
    return out;
  }

  /** The digest of the stored file the source names; empty for anything else, never an error. */
  private Optional<Digest> storedFileDigest(Dataset dataset) {
    JsonNode source;
    try {
      source = WireJson.mapper().readTree(dataset.source());
    } catch (JsonProcessingException e) {
      return Optional.empty(); // MLflow's source is free-form: not JSON means no URI to follow
    }
    if (source == null || !source.isObject()) {
      return Optional.empty();
    }
    for (String field : URI_FIELDS) {
      JsonNode uri = source.get(field);
      if (uri != null && uri.isTextual()) {
        return runFile(uri.asText()).map(Artifact::digest);
      }
    }
    return Optional.empty();
  }

  private Optional<Artifact> runFile(String uri) {
    Optional<RunFileUri> file;
    try {
      file = RunFileUri.parse(uri);
    } catch (InvalidRequestException e) {
      return Optional.empty(); // an unsafe path names nothing Galley stores
    }
    if (file.isEmpty() || file.get().path().isRoot()) {
      return Optional.empty();
    }
    try {
      return index.find(file.get().runId(), file.get().path());
    } catch (NotFoundException e) {
      return Optional.empty(); // no such run
    }
  }
}
