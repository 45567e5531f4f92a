"""The encrypted local cache (SQLCipher via SQLAlchemy), migrations, repositories, outbox."""
