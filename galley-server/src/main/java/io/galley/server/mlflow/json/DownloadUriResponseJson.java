package io.galley.server.mlflow.json;

/** Response of {@code model-versions/get-download-uri}. */
public record DownloadUriResponseJson(String artifactUri) {}
