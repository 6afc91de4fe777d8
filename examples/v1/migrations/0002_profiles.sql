-- Profiles: public profile, settings, the social graph.

CREATE TABLE user_profiles (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bio         text,
    avatar_url  text,
    location    text,
    website_url text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT user_profiles_user_id_key UNIQUE (user_id)
);

CREATE TABLE user_settings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    locale      text NOT NULL DEFAULT 'en',
    theme       text NOT NULL DEFAULT 'system',
    explicit_content boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT user_settings_user_id_key UNIQUE (user_id)
);

CREATE TABLE user_follows (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    follower_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT user_follows_follower_id_followee_id_key UNIQUE (follower_id, followee_id),
    CONSTRAINT user_follows_not_self CHECK (follower_id <> followee_id)
);
CREATE INDEX idx_user_follows_followee_id ON user_follows (followee_id);

CREATE TABLE user_blocks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    blocker_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT user_blocks_blocker_id_blocked_id_key UNIQUE (blocker_id, blocked_id)
);
CREATE INDEX idx_user_blocks_blocked_id ON user_blocks (blocked_id);
