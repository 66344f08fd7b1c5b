/**
 * The database roles the platform's tiers connect as, and the SQL that creates them.
 *
 * Nobody but the migration task sees the master password: RDS rotates it every seven days, and ECS injects a secret
 * only when a task starts, so a long-lived tier holding it would lose its connections a week in. The tiers instead
 * log in with IAM database authentication: a token the application generates for each new connection (valid 15
 * minutes, for connecting only; an open connection outlives it), signed with the task's or instance's own role, so
 * there is no password to rotate (Aurora User Guide, "IAM database authentication"). IAM authentication needs TLS,
 * which the cluster enforces anyway (rds.force_ssl).
 */

/** The master user RDS creates with the cluster; its password lives in the RDS-managed secret. */
export const MASTER_USER = "platformadmin";
/** The database RDS creates with the cluster. */
export const DATABASE_NAME = "platform";
/** The schema the application's tables live in, owned by the migrator. */
export const APP_SCHEMA = "app";

/** Reads and writes rows of the application's schema; owns nothing, creates nothing. */
export const APP_USER = "app";
/** Owns the application's schema and its objects: what migrations run as. */
export const MIGRATOR_USER = "migrator";

/**
 * Idempotent SQL the migration task runs as the master user before migrating: it creates `migrator` and `app`
 * without passwords (members of rds_iam log in only with IAM tokens), gives `migrator` the schema, and makes
 * every table and sequence `migrator` creates there usable by `app` (default privileges). Run in one transaction.
 */
export function bootstrapSql(): string {
  const users = [MIGRATOR_USER, APP_USER];
  return [
    "DO $$ BEGIN",
    ...users.map((user) => `  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN; END IF;`),
    "END $$;",
    `GRANT rds_iam TO ${users.join(", ")};`,
    // CONNECT and TEMPORARY are PUBLIC's by default; only the platform's roles (and the master) may connect.
    `REVOKE ALL ON DATABASE ${DATABASE_NAME} FROM PUBLIC;`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${DATABASE_NAME} TO ${APP_USER};`,
    `GRANT CONNECT, CREATE ON DATABASE ${DATABASE_NAME} TO ${MIGRATOR_USER};`,
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
    // The master, which created migrator, may SET ROLE to it only once it is a member (PostgreSQL 16 role membership).
    `GRANT ${MIGRATOR_USER} TO CURRENT_USER;`,
    `SET ROLE ${MIGRATOR_USER};`,
    `CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};`,
    `GRANT USAGE ON SCHEMA ${APP_SCHEMA} TO ${APP_USER};`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${APP_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_USER};`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${APP_SCHEMA} GRANT USAGE, SELECT ON SEQUENCES TO ${APP_USER};`,
    "RESET ROLE;",
    ...users.map((user) => `ALTER ROLE ${user} SET search_path = ${APP_SCHEMA};`),
    "",
  ].join("\n");
}

/** What every tier connecting to the database is told (environment variables), beside its user. */
export interface DatabaseConnection<T = string> {
  /** The writer (cluster) endpoint's host. */
  host: T;
  /** The reader endpoint's host: balanced over the readers, the writer while there are none. */
  readerHost: T;
  port: number;
}

/**
 * The connection contract, as environment variables: connect to DATABASE_HOST (writes) or DATABASE_READER_HOST
 * (reads) on DATABASE_PORT, database DATABASE_NAME, as DATABASE_USER, with a fresh IAM token as the password for
 * each new connection (rds:GenerateDBAuthToken / `aws rds generate-db-auth-token`, signed in AWS_REGION) and TLS
 * verifying the host name against the RDS CA (sslmode=verify-full).
 */
export function connectionEnvironment<T>(connection: DatabaseConnection<T>, user: string): Record<string, T | string> {
  return {
    DATABASE_HOST: connection.host,
    DATABASE_READER_HOST: connection.readerHost,
    DATABASE_PORT: String(connection.port),
    DATABASE_NAME,
    DATABASE_USER: user,
    DATABASE_AUTH: "iam",
    DATABASE_SSLMODE: "verify-full",
  };
}
