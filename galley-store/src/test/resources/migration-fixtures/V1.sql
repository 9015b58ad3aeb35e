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
INSERT INTO metrics (run_uuid, metric_key, step, timestamp_ms, metric_value) VALUES
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 0, 1000, 1.0),
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 1, 1500, 0.5),
  ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 2, 2000, 0.25);
INSERT INTO latest_metrics (run_uuid, metric_key, last_value, last_timestamp, last_step, last_is_nan,
  min_value, min_timestamp, min_step, max_value, max_timestamp, max_step, all_nan)
VALUES ('f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1', 'loss', 0.25, 2000, 2, FALSE, 0.25, 2000, 2, 1.0, 1000, 0, FALSE);
