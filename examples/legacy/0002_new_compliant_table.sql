-- After the baseline: new tables follow V1; the grandfathered ones may stay as they are.
CREATE TABLE payment_methods (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_ref bigint NOT NULL,
    brand       text NOT NULL,
    last4       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX idx_payment_methods_account_ref ON payment_methods (account_ref);
