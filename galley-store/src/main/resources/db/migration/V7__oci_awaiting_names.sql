-- Galley schema, version 7: what a push in flight has sent and not yet named. A push sends
-- layers first, then manifests an index names, then the index or the tagged manifest last.
-- A repository link that no manifest has named since it was made (awaiting_manifest), and a
-- manifest pushed by digest that no tag or other manifest has named since (awaiting_reference),
-- are kept by registry garbage collection for the upload expiry even at a shorter grace period.
-- Naming clears the flag, so what a deleted image leaves behind goes at the grace period.
-- Rows from before this version count as named.
ALTER TABLE oci_blob_links ADD COLUMN awaiting_manifest BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE oci_manifests ADD COLUMN awaiting_reference BOOLEAN DEFAULT FALSE NOT NULL;
