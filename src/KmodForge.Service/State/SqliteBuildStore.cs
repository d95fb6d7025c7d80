using KmodForge.Service.Builds;
using KmodForge.Targets;
using Microsoft.Data.Sqlite;

namespace KmodForge.Service.State;

/// <summary>
/// Build state in one SQLite file (WAL journal, <c>synchronous=FULL</c>: a committed write survives a crash and a power
/// loss). A partial unique index allows one unfinished build per cache key, so even two service processes sharing the
/// file cannot both create one. Connections are pooled by Microsoft.Data.Sqlite; each call opens and closes one.
/// </summary>
public sealed class SqliteBuildStore : IBuildStore
{
    private const string Columns =
        "id, cache_key, kernel_version, architecture, distribution, distro_version, driver_version, backend, state, reason, " +
        "location, package_sha256, run_id, run_url, created_at, updated_at, dispatched_at, dispatch_attempts, signature_key_id";

    private static readonly string UnfinishedList = string.Join(", ", BuildStateNames.Unfinished.Select(s => $"'{s.StoredName()}'"));

    private readonly string connectionString;

    public SqliteBuildStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string Description => $"sqlite {Path}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        await using var connection = await OpenAsync(cancellationToken, write: true).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            CREATE TABLE IF NOT EXISTS builds (
                id TEXT PRIMARY KEY NOT NULL,
                cache_key TEXT NOT NULL,
                kernel_version TEXT NOT NULL,
                architecture TEXT NOT NULL,
                distribution TEXT NOT NULL,
                distro_version TEXT NOT NULL,
                driver_version TEXT NOT NULL,
                backend TEXT NOT NULL,
                state TEXT NOT NULL,
                reason TEXT,
                location TEXT,
                package_sha256 TEXT,
                run_id INTEGER,
                run_url TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                dispatched_at INTEGER,
                dispatch_attempts INTEGER NOT NULL DEFAULT 0,
                signature_key_id TEXT
            ) STRICT;
            CREATE UNIQUE INDEX IF NOT EXISTS builds_one_unfinished_per_key ON builds (cache_key) WHERE state IN ({UnfinishedList});
            CREATE INDEX IF NOT EXISTS builds_by_state ON builds (state, updated_at);
            """, cancellationToken).ConfigureAwait(false);

        // A state file made before signed packages lacks the key id column.
        await using var columns = Command(connection, null, "SELECT COUNT(*) FROM pragma_table_info('builds') WHERE name = 'signature_key_id'");
        if (Convert.ToInt64(await columns.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync(connection, "ALTER TABLE builds ADD COLUMN signature_key_id TEXT;", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BuildRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QuerySingleAsync(connection, null, $"SELECT {Columns} FROM builds WHERE id = $p0", [id], cancellationToken).ConfigureAwait(false);
    }

    public async Task<BuildRecord?> FindUnfinishedAsync(string cacheKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindUnfinishedAsync(connection, null, cacheKey, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(BuildRecord Build, bool Inserted)> InsertUnlessUnfinishedAsync(BuildRecord candidate, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken, write: true).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the write lock is taken before the read, so the check and the insert are one step.
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await FindUnfinishedAsync(connection, transaction, candidate.CacheKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (existing, false);
        }

        var r = candidate.Request;
        await using (var insert = Command(connection, transaction, $"INSERT INTO builds ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18)",
            candidate.Id, candidate.CacheKey, r.KernelVersion, r.Architecture, r.Distribution, r.DistroVersion, r.DriverVersion,
            candidate.Backend, candidate.State.StoredName(), candidate.Reason, candidate.Location, candidate.PackageSha256,
            candidate.RunId, candidate.RunUrl, candidate.CreatedAt.ToUnixTimeMilliseconds(), candidate.UpdatedAt.ToUnixTimeMilliseconds(),
            candidate.DispatchedAt?.ToUnixTimeMilliseconds(), candidate.DispatchAttempts, candidate.SignatureKeyId))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (candidate, true);
    }

    public async Task MarkDispatchedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken, write: true).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE builds SET
                state = CASE WHEN state = 'dispatching' THEN 'queued' ELSE state END,
                dispatched_at = COALESCE(dispatched_at, $p1),
                dispatch_attempts = dispatch_attempts + 1,
                updated_at = $p1
            WHERE id = $p0
            """, id, at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(string id, BuildUpdate update, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken, write: true).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            UPDATE builds SET
                state = $p1,
                reason = COALESCE($p2, reason),
                location = COALESCE($p3, location),
                package_sha256 = COALESCE($p4, package_sha256),
                run_id = COALESCE($p5, run_id),
                run_url = COALESCE($p6, run_url),
                updated_at = $p7,
                signature_key_id = COALESCE($p8, signature_key_id)
            WHERE id = $p0 AND state IN ({UnfinishedList})
            """, id, update.State.StoredName(), update.Reason, update.Location, update.PackageSha256, update.RunId, update.RunUrl,
            at.ToUnixTimeMilliseconds(), update.SignatureKeyId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<BuildRecord>> ListUnfinishedAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT {Columns} FROM builds WHERE backend = $p0 AND state IN ({UnfinishedList}) ORDER BY created_at", backend);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BuildRecord>> ListRecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM builds ORDER BY updated_at DESC LIMIT $p0", count);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken, write: true).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"DELETE FROM builds WHERE state NOT IN ({UnfinishedList}) AND updated_at < $p0", before.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT count(*) FROM builds WHERE 0;", cancellationToken).ConfigureAwait(false);
    }

    /// <param name="write">Writes get <c>synchronous=FULL</c> (a per-connection setting); reads skip the statement.</param>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, bool write = false)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (write)
            {
                await ExecuteAsync(connection, "PRAGMA synchronous=FULL;", cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<BuildRecord?> FindNotApplicableAsync(string cacheKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QuerySingleAsync(connection, null,
            $"SELECT {Columns} FROM builds WHERE cache_key = $p0 AND state = '{BuildState.NotApplicable.StoredName()}' ORDER BY updated_at DESC LIMIT 1",
            [cacheKey], cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BuildRecord?> FindUnfinishedAsync(SqliteConnection connection, SqliteTransaction? transaction, string cacheKey, CancellationToken cancellationToken) =>
        await QuerySingleAsync(connection, transaction, $"SELECT {Columns} FROM builds WHERE cache_key = $p0 AND state IN ({UnfinishedList})",
            [cacheKey], cancellationToken).ConfigureAwait(false);

    private static async Task<BuildRecord?> QuerySingleAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, object?[] args, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, args);
        var rows = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<IReadOnlyList<BuildRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<BuildRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new BuildRecord(
                reader.GetString(0),
                reader.GetString(1),
                new BuildRequest(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                reader.GetString(7),
                BuildStateNames.Parse(reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
                reader.IsDBNull(16) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(16)),
                reader.GetInt32(17))
            {
                SignatureKeyId = reader.IsDBNull(18) ? null : reader.GetString(18),
            });
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, args[i] ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
