package io.galley.client.mlflow;

/** MLflow's error body: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}}. */
public record ErrorJson(String errorCode, String message) {}
