-- Run tag values up to 8000 characters, as MLflow 2.17 allows (MAX_TAG_VAL_LENGTH; MLflow's own
-- migration f5a4f2784254 widens its tags.value column the same way). SET DATA TYPE is the form
-- both H2 2.x and PostgreSQL accept; widening a VARCHAR keeps every stored value as it is.
ALTER TABLE tags ALTER COLUMN tag_value SET DATA TYPE VARCHAR(8000);
