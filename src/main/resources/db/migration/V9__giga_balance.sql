-- Giga's balance as last read (GET /api/billing, every few minutes, by one replica at a time): the App Home shows it
-- to admins, and the low-balance warning (GIGA_LOW_BALANCE_CREDITS) is decided from it. One row, id 'giga': the app
-- has one Giga API key. Figures are kept as Giga sent them (decimal text), any of them may be missing.
--   low_warned_at: when the admins were sent the warning for the present fall below the level (epoch ms); NULL while
--     the balance is at or above it. It is set only "WHERE low_warned_at IS NULL", so however many replicas check at
--     once, and across restarts, one warning goes out per fall, and the next only after the balance was back up.
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE giga_balance (
    id VARCHAR(16) PRIMARY KEY,
    plan VARCHAR(100),
    plan_credits_remaining VARCHAR(64),
    prepaid_balance VARCHAR(64),
    total_balance VARCHAR(64),
    read_at BIGINT,
    low_warned_at BIGINT
);
