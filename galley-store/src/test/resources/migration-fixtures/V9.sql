-- Data as schema V9 stores it: V8's data (see V7.sql) plus a user with grants and a group (V9 adds permissions).
-- See MigrationTest#checkFixtureData, #checkArtifactData, #checkRegistryData, #checkOciData and #checkTraceData for what must survive.
-- Experiment ids are explicit and far above the identity's next value.
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
VALUES (101, 'fixture', 'mlflow-artifacts:/101', 'active', 1700000000000, 1700000000000);
INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (101, 'team', 'core');
INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 101, 'fixture-run', 'alice', 'FINISHED', 1700000000000, 1700000100000, NULL, 'active',
        'mlflow-artifacts:/101/f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1/artifacts');
INSERT INTO params (run_uuid, param_key, param_value) VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'lr', '0.01');
INSERT INTO tags (run_uuid, tag_key, tag_value) VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'mlflow.runName', 'fixture-run');
INSERT INTO tags (run_uuid, tag_key, tag_value) VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'note', REPEAT('n', 8000));
-- The history as one chunk of three points (step, timestamp, value): (0, 1000, 1.0),
-- (1, 1500, 0.5), (2, 2000, 0.25). MigrationTest turns X'..' into decode('..', 'hex') for
-- PostgreSQL, whose X'..' is a bit string. chunk_id comes from the identity.
INSERT INTO metric_chunks (run_uuid, metric_key, point_count, min_step, max_step, points) VALUES
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 3, 0, 2,
   X'000000000000000000000000000003e83ff0000000000000000000000000000100000000000005dc3fe0000000000000000000000000000200000000000007d03fd0000000000000');
INSERT INTO latest_metrics (run_uuid, metric_key, last_value, last_timestamp, last_step, last_is_nan,
  min_value, min_timestamp, min_step, max_value, max_timestamp, max_step, all_nan,
  experiment_id, run_stage, run_start_time)
VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 0.25, 2000, 2, FALSE, 0.25, 2000, 2, 1.0, 1000, 0, FALSE,
        101, 'active', 1700000000000);
-- The run's artifact tree: path_sha256 is sha256 of the path's UTF-8 in hex (printf '%s' PATH |
-- sha256sum); digest the blob's 64 hex digits without the "sha256:" prefix.
INSERT INTO run_artifacts (run_uuid, path_sha256, artifact_path, digest, size_bytes) VALUES
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'c58f92648d85a0cd50a508fd0dda1c71f405e9136d20964d70887e3ef86c436d',
   'model/MLmodel', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 120);
INSERT INTO run_artifacts (run_uuid, path_sha256, artifact_path, digest, size_bytes) VALUES
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', '2dc2a3c5b77b11878562f9e7e11a7cf59010620b6a191916e23f91acd44b6721',
   'model/data/w.bin', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 4096);
INSERT INTO run_artifacts (run_uuid, path_sha256, artifact_path, digest, size_bytes) VALUES
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'b335630551682c19a781afebcf4d07bf978fb1f8ac04c6bf87428ed5106870f5',
   'README.md', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 120);
-- A registered model (id far above the identity's next value) with tags, an alias and two
-- versions: 1 (Archived, a plain URI) and 3 (Production, registered from the run's model/
-- directory, with its files); version 2 was deleted, so last_version is 3.
INSERT INTO registered_models (model_id, name, creation_time, last_updated_time, description, last_version)
VALUES (101, 'fixture-model', 1700000200000, 1700000300000, 'a fixture', 3);
INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (101, 'team', 'core');
INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, description, user_id,
  current_stage, source, storage_location, run_id, run_link, status, status_message)
VALUES (101, 1, 1700000200000, 1700000250000, NULL, 'alice', 'Archived', 's3://bucket/old',
        's3://bucket/old', NULL, NULL, 'READY', NULL);
INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, description, user_id,
  current_stage, source, storage_location, run_id, run_link, status, status_message)
VALUES (101, 3, 1700000300000, 1700000300000, 'the good one', 'alice', 'Production',
        'runs:/f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1/model', 'runs:/f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1/model',
        'f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', NULL, 'READY', NULL);
INSERT INTO model_version_tags (model_id, version, tag_key, tag_value) VALUES (101, 3, 'validated', 'true');
INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (101, 'champion', 3);
-- The version's files, paths relative to its source; path_sha256 as in run_artifacts.
INSERT INTO model_version_files (model_id, version, path_sha256, file_path, digest, size_bytes) VALUES
  (101, 3, '47fd1995a1778a235aca46aac3517e1a82416f9506ad7f9e4147b3a89451413e', 'MLmodel',
   'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 120);
INSERT INTO model_version_files (model_id, version, path_sha256, file_path, digest, size_bytes) VALUES
  (101, 3, '49db0ea798f87a5992ec45e83833da21ea04bf5c20560884b260038d6f41f816', 'data/w.bin',
   'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 4096);
-- An OCI repository (id far above the identity's next value) holding an image: its config and
-- layer blobs linked, its manifest (annotations as a JSON object) naming them and tagged latest;
-- and an upload in progress with one 5-byte chunk. Digests are 64 hex digits without "sha256:".
INSERT INTO oci_repositories (repository_id, name, created_at) VALUES (101, 'fixture/image', 1700000400000);
INSERT INTO oci_blob_links (repository_id, digest, size_bytes, linked_at) VALUES
  (101, 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 10, 1700000400000),
  (101, 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd', 20, 1700000400000);
INSERT INTO oci_manifests (repository_id, digest, media_type, size_bytes, artifact_type, subject_digest, annotations, pushed_at)
VALUES (101, 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 'application/vnd.oci.image.manifest.v1+json', 300, NULL, NULL,
        '{"org.opencontainers.image.title":"fixture"}', 1700000400000);
INSERT INTO oci_manifest_refs (repository_id, manifest_digest, ref_index, referenced_digest) VALUES
  (101, 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 0, 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc'),
  (101, 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 1, 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd');
INSERT INTO oci_tags (repository_id, tag, manifest_digest, updated_at) VALUES (101, 'latest', 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 1700000400000);
INSERT INTO oci_uploads (upload_id, repository_id, started_at, size_bytes)
VALUES ('00000000-0000-0000-0000-000000000101', 101, 1700000400000, 5);
INSERT INTO oci_upload_chunks (upload_id, chunk_offset, digest, size_bytes)
VALUES ('00000000-0000-0000-0000-000000000101', 0, 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', 5);
-- An ended trace of the fixture run, with its data file's blob (64 hex digits, no prefix).
INSERT INTO trace_info (request_id, experiment_id, timestamp_ms, execution_time_ms, status, data_digest, data_size)
VALUES ('abababababababababababababababab', 101, 1700000000500, 250, 'OK',
        'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 321);
INSERT INTO trace_tags (request_id, tag_key, tag_value) VALUES
  ('abababababababababababababababab', 'mlflow.traceName', 'predict');
INSERT INTO trace_tags (request_id, tag_key, tag_value) VALUES
  ('abababababababababababababababab', 'mlflow.artifactLocation', 'mlflow-artifacts:/101/traces/abababababababababababababababab/artifacts');
INSERT INTO trace_request_metadata (request_id, metadata_key, metadata_value) VALUES
  ('abababababababababababababababab', 'mlflow.sourceRun', 'f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1');
-- A user (ids far above the identity's next value) with a default, in a group; grants to the user
-- on experiment 101 and model 101, and to the group on experiment 101. permission_level: 0
-- NO_PERMISSIONS, 1 READ, 2 EDIT, 3 MANAGE. The hash is a placeholder, never checked here.
INSERT INTO users (user_id, user_name, password_hash, is_admin, created_at, default_permission)
VALUES (101, 'alice', '$argon2id$placeholder', FALSE, 1700000500000, 'NO_PERMISSIONS');
INSERT INTO user_groups (group_id, group_name, created_at) VALUES (101, 'team', 1700000500000);
INSERT INTO group_members (group_id, user_id) VALUES (101, 101);
INSERT INTO experiment_grants (experiment_id, grantee_kind, grantee_id, permission_level) VALUES (101, 'U', 101, 3);
INSERT INTO experiment_grants (experiment_id, grantee_kind, grantee_id, permission_level) VALUES (101, 'G', 101, 1);
INSERT INTO registered_model_grants (model_id, grantee_kind, grantee_id, permission_level) VALUES (101, 'U', 101, 2);
-- alice may push below team/, anyone may pull public/*.
INSERT INTO repository_grants (name_pattern, grantee_kind, grantee_id, permission_level) VALUES ('team/**', 'U', 101, 2);
INSERT INTO repository_grants (name_pattern, grantee_kind, grantee_id, permission_level) VALUES ('public/*', 'A', 0, 1);
