package io.galley.server.mlflow.json;

/** MLflow's error body: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}}. */
public record ErrorJson(String errorCode, String message) {}
