-- Streaming: playlists, their tracks, collaborators and followers.

CREATE TABLE playlists (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       text NOT NULL,
    description text,
    is_public   boolean NOT NULL DEFAULT true,
    cover_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_playlists_owner_id ON playlists (owner_id);
CREATE INDEX idx_playlists_cover_file_id ON playlists (cover_file_id);

CREATE TABLE playlist_tracks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    playlist_id uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    added_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    position    integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT playlist_tracks_playlist_id_position_key UNIQUE (playlist_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX idx_playlist_tracks_track_id ON playlist_tracks (track_id);
CREATE INDEX idx_playlist_tracks_added_by ON playlist_tracks (added_by);

CREATE TABLE playlist_collaborators (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    playlist_id uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    can_edit    boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT playlist_collaborators_playlist_id_user_id_key UNIQUE (playlist_id, user_id)
);
CREATE INDEX idx_playlist_collaborators_user_id ON playlist_collaborators (user_id);

CREATE TABLE playlist_follows (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    playlist_id uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT playlist_follows_playlist_id_user_id_key UNIQUE (playlist_id, user_id)
);
CREATE INDEX idx_playlist_follows_user_id ON playlist_follows (user_id);
