-- Still blocked after the baseline: a NEW violation (a generated index name on a legacy table).
CREATE INDEX ON accounts (created_at);
