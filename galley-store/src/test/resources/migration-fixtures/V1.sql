-- Data as schema V1 stores it; see MigrationTest#checkFixtureData for what must survive.
-- Experiment ids are explicit and far above the identity's next value.
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
VALUES (101, 'fixture', 'mlflow-artifacts:/101', 'active', 1700000000000, 1700000000000);
INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (101, 'team', 'core');
INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 101, 'fixture-run', 'alice', 'FINISHED', 1700000000000, 1700000100000, NULL, 'active',
        'mlflow-artifacts:/101/f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1/artifacts');
INSERT INTO params (run_uuid, param_key, param_value) VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'lr', '0.01');
INSERT INTO tags (run_uuid, tag_key, tag_value) VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'mlflow.runName', 'fixture-run');
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
