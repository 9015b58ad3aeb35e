package io.galley.client.mlflow;

/** Response of {@code model-versions/get-download-uri}. */
public record DownloadUriResponseJson(String artifactUri) {}
