-- Streaming: artists, albums, tracks, genres.

CREATE TABLE artists (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    verified    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_artists_user_id ON artists (user_id);
CREATE INDEX idx_artists_name ON artists (name);

CREATE TABLE albums (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    artist_id   uuid NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    title       text NOT NULL,
    released_on date,
    cover_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_albums_artist_id_released ON albums (artist_id, released_on);
CREATE INDEX idx_albums_cover_file_id ON albums (cover_file_id);

-- Legacy bridge (documented debt): tracks.file_path is the V0 storage path, kept beside
-- tracks.file_id until the backfill job has moved every track to files; readers prefer file_id.
CREATE TABLE tracks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    album_id    uuid REFERENCES albums (id) ON DELETE SET NULL,
    title       text NOT NULL,
    duration_ms integer NOT NULL CHECK (duration_ms > 0),
    isrc        text,
    file_id     uuid REFERENCES files (id) ON DELETE SET NULL,
    file_path   text,
    explicit    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT tracks_isrc_key UNIQUE (isrc)
);
CREATE INDEX idx_tracks_album_id ON tracks (album_id);
CREATE INDEX idx_tracks_file_id ON tracks (file_id);
CREATE INDEX idx_tracks_title_lower ON tracks (lower(title));

CREATE TABLE track_artists (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    artist_id   uuid NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    role        text NOT NULL DEFAULT 'main',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT track_artists_track_id_artist_id_key UNIQUE (track_id, artist_id)
);
CREATE INDEX idx_track_artists_artist_id ON track_artists (artist_id);

CREATE TABLE genres (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    parent_id   uuid REFERENCES genres (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT genres_name_key UNIQUE (name)
);
CREATE INDEX idx_genres_parent_id ON genres (parent_id);

CREATE TABLE track_genres (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    genre_id    uuid NOT NULL REFERENCES genres (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT track_genres_track_id_genre_id_key UNIQUE (track_id, genre_id)
);
CREATE INDEX idx_track_genres_genre_id ON track_genres (genre_id);
