-- Galley schema, version 2: runs' artifact trees. Same rules as V1 (one script for H2 and
-- PostgreSQL; no KEY, VALUE or TIMESTAMP column names).

-- One row per file of a run's tree; directories are implied by the files below them. A path is
-- an ArtifactPath in normal form (no leading, trailing or doubled slash), up to 4096 characters.
-- The key is the path's sha256 (hex of its UTF-8), not the path: PostgreSQL's btree entries hold
-- at most ~2.7 kB, and a path may be 4096 characters (up to 16 kB of UTF-8). Prefix reads (list,
-- walk, delete of a directory) take the run's rows through the key's leading run_uuid and match
-- the path with LIKE, which means the same on every collation (a >=/< range does not).
-- digest is the blob's sha256 as 64 lowercase hex digits (Digest.hex()), size_bytes its length.
-- Writers hold the run's row lock (RowLocks.lockRun), so read-then-write needs no upsert syntax.
CREATE TABLE run_artifacts (
  run_uuid      VARCHAR(32)   NOT NULL REFERENCES runs (run_uuid),
  path_sha256   CHAR(64)      NOT NULL,
  artifact_path VARCHAR(4096) NOT NULL,
  digest        CHAR(64)      NOT NULL,
  size_bytes    BIGINT        NOT NULL,
  PRIMARY KEY (run_uuid, path_sha256)
);
-- Garbage collection asks which digests any tree still refers to.
CREATE INDEX run_artifacts_digest_idx ON run_artifacts (digest);
