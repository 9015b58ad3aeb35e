package io.galley.client.access;

import org.jspecify.annotations.Nullable;

/** An API token as {@code tokens/list} answers it: never its secret. */
public record TokenJson(
    String tokenId,
    String username,
    String name,
    String scope,
    long createdAt,
    @Nullable Long expiresAt,
    @Nullable Long revokedAt) {}
