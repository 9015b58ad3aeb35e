package io.galley.oci.image;

import org.jspecify.annotations.Nullable;

/** One step that built an image; {@code emptyLayer} steps (ENV, CMD…) added no layer. */
public record History(
    @Nullable String created,
    @Nullable String createdBy,
    @Nullable String author,
    @Nullable String comment,
    boolean emptyLayer) {}
