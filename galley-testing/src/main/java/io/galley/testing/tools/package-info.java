/**
 * The system tools tests drive (docker, skopeo, podman, docker-registry, chromium): found on PATH,
 * run with a timeout and their output captured; a missing one skips a test, or fails it under
 * {@code GALLEY_REQUIRE_ALL=1}.
 */
package io.galley.testing.tools;
