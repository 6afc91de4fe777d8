-- Notifications: what users are told, and how they want to be told.

CREATE TABLE notifications (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}',
    read_at     timestamptz,
    actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_notifications_user_id_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX idx_notifications_actor_id ON notifications (actor_id);

CREATE TABLE notification_preferences (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    email       boolean NOT NULL DEFAULT true,
    push        boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT notification_preferences_user_id_kind_key UNIQUE (user_id, kind)
);

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at();
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON notification_preferences
    FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at();
