-- Analytics: raw play events and daily roll-ups, in their own schema.

CREATE SCHEMA analytics;

CREATE TABLE analytics.play_events (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    played_at   timestamptz NOT NULL,
    ms_played   integer NOT NULL,
    source      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_play_events_user_id ON analytics.play_events (user_id);
CREATE INDEX idx_play_events_track_id ON analytics.play_events (track_id, played_at);

CREATE TABLE analytics.daily_track_stats (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    day         date NOT NULL,
    plays       bigint NOT NULL DEFAULT 0,
    listeners   bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT daily_track_stats_track_id_day_key UNIQUE (track_id, day)
);
CREATE INDEX idx_daily_track_stats_day ON analytics.daily_track_stats (day);

CREATE TABLE analytics.search_queries (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    query       text NOT NULL,
    results     integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_search_queries_user_id ON analytics.search_queries (user_id);
