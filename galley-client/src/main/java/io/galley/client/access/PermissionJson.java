package io.galley.client.access;

import org.jspecify.annotations.Nullable;

/**
 * A grant on an experiment ({@code experiment_id}) or a registered model ({@code name}) to a user
 * ({@code user_id}) or a group ({@code group_id}, {@code group_name}), as MLflow's {@code
 * experiment_permission} and {@code registered_model_permission} carry it.
 */
public record PermissionJson(
    @Nullable String experimentId,
    @Nullable String name,
    @Nullable Long userId,
    @Nullable Long groupId,
    @Nullable String groupName,
    String permission) {}
