namespace SafeMigrate.Tests.Operations;

/// <summary>The schema the "old version" of the operation tests runs on, with a few rows so backfills have work.</summary>
internal static class Schemas
{
    public const string Users = """
        CREATE TABLE users (id integer PRIMARY KEY, email varchar(200) NOT NULL, name text, age integer);
        CREATE INDEX ix_users_email ON users (email);
        INSERT INTO users SELECT g, 'user' || g || '@example.com', 'name' || g, g FROM generate_series(1, 7) g;
        CREATE TABLE teams (id integer PRIMARY KEY, title text);
        INSERT INTO teams SELECT g, 'team' || g FROM generate_series(1, 3) g;
        """;

    /// <summary>
    /// <c>gen_random_uuid()</c> is built in from PostgreSQL 13; on 12 it comes with the pgcrypto extension, which an
    /// application using it there has installed.
    /// </summary>
    public const string UuidFunction = """
        DO $$ BEGIN
          IF current_setting('server_version_num')::int < 130000 THEN CREATE EXTENSION IF NOT EXISTS pgcrypto; END IF;
        END $$;
        """;
}
