package io.galley.oci;

/**
 * What was wrong with a request, where its error code alone does not say: the spec reports an
 * out-of-order chunk and a too-large manifest with codes that usually mean something else. The
 * server turns the code and the problem into an HTTP status; this module knows no statuses.
 */
public enum OciProblem {
  /** The error code says it all. */
  AS_CODED,
  /** A byte range that does not fit what is stored: an out-of-order chunk, a range past the end. */
  RANGE_NOT_SATISFIABLE,
  /** A body over the registry's size limit. */
  TOO_LARGE,
  /** A body that arrived slower than the server's minimum rate. */
  TOO_SLOW,
  /** A path that names none of the distribution API's endpoints. */
  UNKNOWN_ENDPOINT,
  /** A request parameter out of its range, for which the spec has no code of its own. */
  INVALID_PARAMETER
}
