package io.galley.core.tracking;

import org.jspecify.annotations.Nullable;

/** The parts of a run that {@code runs/update} may change; null leaves a part as it is. */
public record RunUpdate(
    @Nullable RunStatus status, @Nullable Long endTime, @Nullable String runName) {}
