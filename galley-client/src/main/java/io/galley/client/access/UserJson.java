package io.galley.client.access;

/** A user as {@code users/get} answers it (MLflow's shape; never a password or its hash). */
public record UserJson(long id, String username, boolean isAdmin) {}
