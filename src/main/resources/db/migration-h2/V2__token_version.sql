-- Standalone only: each user's token version (POST /logout increments it; older tokens are
-- refused). A cluster keeps the versions in Redis (token_version_<uid>).
CREATE TABLE IF NOT EXISTS token_version
(
    user_id BIGINT NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
