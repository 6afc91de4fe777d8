-- Files: uploaded objects and their derived variants (transcodes, thumbnails).

CREATE TABLE storage_buckets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    region      text NOT NULL,
    public      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT storage_buckets_name_key UNIQUE (name)
);

-- owner_id is SET NULL: a file outlives the account that uploaded it (e.g. a label's master).
CREATE TABLE files (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    bucket_id   uuid NOT NULL REFERENCES storage_buckets (id) ON DELETE CASCADE,
    object_key  text NOT NULL,
    content_type text NOT NULL,
    size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
    sha256      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT files_bucket_id_object_key_key UNIQUE (bucket_id, object_key)
);
CREATE INDEX idx_files_owner_id ON files (owner_id);
CREATE INDEX idx_files_sha256 ON files (sha256);

CREATE TABLE file_variants (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    file_id     uuid NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    object_key  text NOT NULL,
    bitrate_kbps integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT file_variants_file_id_kind_key UNIQUE (file_id, kind)
);
