-- Galley schema, version 6: MLflow's traces (trace_info, trace_tags, trace_request_metadata as
-- MLflow 2.17's SqlAlchemyStore keeps them). Same rules as V1 (one script for H2 and PostgreSQL;
-- no KEY, VALUE or TIMESTAMP column names). It depends on V1's experiments only, so it applies
-- whatever V5 holds.
-- request_id is 32 lowercase hex digits (MLflow allows 50); status a TraceStatus name;
-- execution_time_ms is NULL until the trace ends. data_digest / data_size name the blob of the
-- trace's data file (traces.json, its spans) once a client has uploaded it.
CREATE TABLE trace_info (
  request_id        VARCHAR(50)${bytewise} NOT NULL PRIMARY KEY,
  experiment_id     BIGINT       NOT NULL REFERENCES experiments (experiment_id),
  timestamp_ms      BIGINT       NOT NULL,
  execution_time_ms BIGINT,
  status            VARCHAR(50)  NOT NULL,
  data_digest       CHAR(64),
  data_size         BIGINT
);
-- Serves the default search (an experiment's traces, newest first) and deletion by age.
CREATE INDEX trace_info_experiment_time_idx ON trace_info (experiment_id, timestamp_ms, request_id);
-- Garbage collection asks which digests the traces still refer to.
CREATE INDEX trace_info_digest_idx ON trace_info (data_digest);

CREATE TABLE trace_tags (
  request_id VARCHAR(50)${bytewise} NOT NULL REFERENCES trace_info (request_id) ON DELETE CASCADE,
  tag_key    VARCHAR(250)  NOT NULL,
  tag_value  VARCHAR(8000) NOT NULL,
  PRIMARY KEY (request_id, tag_key)
);
-- A filter on a tag's value (tags.env = 'prod', name = 'predict').
CREATE INDEX trace_tags_key_idx ON trace_tags (tag_key, request_id);

CREATE TABLE trace_request_metadata (
  request_id     VARCHAR(50)${bytewise} NOT NULL REFERENCES trace_info (request_id) ON DELETE CASCADE,
  metadata_key   VARCHAR(250)  NOT NULL,
  metadata_value VARCHAR(8000) NOT NULL,
  PRIMARY KEY (request_id, metadata_key)
);
-- A run's traces: request_metadata."mlflow.sourceRun" = '<run id>'.
CREATE INDEX trace_request_metadata_key_idx ON trace_request_metadata (metadata_key, request_id);
