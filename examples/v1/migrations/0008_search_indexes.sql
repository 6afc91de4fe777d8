-- schemaguard:no-transaction
-- Indexes on tables that are large in production, built without blocking writes.
-- CREATE INDEX CONCURRENTLY cannot run in a transaction: schemaguard runs this file statement by
-- statement and records its progress, so a failed run resumes after the last finished statement.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_messages_conversation_id_created_at ON messages (conversation_id, created_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_play_events_played_at ON analytics.play_events (played_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_lower_email ON users (lower(email));
