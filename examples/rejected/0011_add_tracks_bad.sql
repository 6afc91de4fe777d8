-- A deliberately non-compliant migration, kept OUT of v1/migrations, for the demo:
--   cp examples/rejected/0011_add_tracks_bad.sql examples/v1/migrations/ && schemaguard migrate --dir examples/v1/migrations
-- schemaguard rejects it at COMMIT (SQLSTATE 42P17); nothing of it remains, no state row is written.
CREATE TABLE track_lyrics (
    id          bigserial PRIMARY KEY,                             -- primary_key: bigint, not uuid DEFAULT gen_random_uuid()
    track_id    uuid NOT NULL REFERENCES tracks (id),              -- fk_on_delete: no ON DELETE action
    language    text NOT NULL,
    body        text NOT NULL,
    created_at  timestamp NOT NULL DEFAULT now()                   -- timestamps: timestamp without time zone
                                                                   -- timestamps: updated_at missing; soft_delete: deleted_at missing
);
CREATE INDEX track_lyrics_track_idx ON track_lyrics (track_id);    -- index_naming: should be idx_track_lyrics_track_id
