package io.galley.core.registry;

/**
 * A version's registration status. Galley registers synchronously, so versions it creates are
 * {@link #READY} at once; the other values exist because clients know them.
 */
public enum ModelVersionStatus {
  PENDING_REGISTRATION,
  FAILED_REGISTRATION,
  READY
}
