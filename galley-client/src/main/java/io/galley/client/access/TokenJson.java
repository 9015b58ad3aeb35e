package io.galley.client.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An API token as {@code tokens/list} answers it: never its secret. A narrowed token lists what it
 * reaches ({@code experiments}, {@code models}, {@code repositories}); the others have null.
 */
public record TokenJson(
    String tokenId,
    String username,
    String name,
    String scope,
    long createdAt,
    @Nullable Long expiresAt,
    @Nullable Long revokedAt,
    @Nullable List<String> experiments,
    @Nullable List<String> models,
    @Nullable List<String> repositories) {}
