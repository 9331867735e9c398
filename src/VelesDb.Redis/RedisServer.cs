using System.Net;
using StackExchange.Redis;
using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>
/// One connection to the server of a store, and the one place its failures become VelesDb errors:
/// an unreachable server, a refused password, a key of the wrong type, a server without vector
/// sets. Every command of the store goes through <see cref="Call{T}"/> or <see cref="Translate"/>.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly TimeSpan _reconnectTimeout;
    private readonly ManualResetEventSlim _restored = new(initialState: false);

    private RedisServer(RedisLocation location, ConnectionMultiplexer connection, ServerDialect dialect, TimeSpan reconnectTimeout)
    {
        Location = location;
        _connection = connection;
        _reconnectTimeout = reconnectTimeout;
        connection.ConnectionRestored += (_, _) => _restored.Set();
        Database = connection.GetDatabase();
        Dialect = dialect;
    }

    public RedisLocation Location { get; }

    public string Locator => Location.Canonical;

    public IDatabase Database { get; }

    public ServerDialect Dialect { get; }

    public bool IsConnected => _connection.IsConnected;

    /// <summary>Connects, authenticates and finds out which server answers; throws <see cref="ServerUnavailableException"/> or <see cref="ServerAuthenticationException"/>.</summary>
    public static RedisServer Connect(RedisLocation location, NetworkCredential? credential, TimeSpan connectTimeout, TimeSpan commandTimeout)
    {
        credential ??= location.Credential;
        var options = new ConfigurationOptions
        {
            EndPoints = { { location.Host, location.Port } },
            Ssl = location.Tls,
            SslHost = location.Tls ? location.Host : null,
            User = string.IsNullOrEmpty(credential?.UserName) ? null : credential.UserName,
            Password = string.IsNullOrEmpty(credential?.Password) ? null : credential.Password,
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
            ClientName = "VelesDb",

            // A command sent while the connection is down fails at once instead of waiting in a
            // client-side queue: a write is acknowledged by the server or reported as not stored.
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000),
            SyncTimeout = (int)commandTimeout.TotalMilliseconds,
            AsyncTimeout = (int)commandTimeout.TotalMilliseconds,

            // The client counts INFO (which tells Garnet from Redis, and the memory used) as an admin
            // command; the store sends no command that changes the server's configuration or data
            // beyond its own keys.
            AllowAdmin = true,
        };

        ConnectionMultiplexer connection;
        try
        {
            connection = ConnectionMultiplexer.Connect(options);
        }
        catch (RedisConnectionException e) when (CertificateFailure(e) is { } tls)
        {
            // A TLS handshake the client refused is about the server's certificate, not the user's password.
            throw new ServerUnavailableException(location.Canonical, location.Server,
                $"the TLS connection was refused: the server's certificate is not trusted here or does not name the host {location.Host} ({FirstLine(tls.Message)}). Trust the certificate's authority on this machine, or give the host the certificate names.", e);
        }
        catch (RedisConnectionException e) when (IsAuthenticationFailure(e))
        {
            throw new ServerAuthenticationException(location.Canonical, credential?.UserName, e);
        }
        catch (RedisConnectionException e)
        {
            throw new ServerUnavailableException(location.Canonical, location.Server, $"{FirstLine(e.Message)}.", e);
        }

        try
        {
            var info = (string?)connection.GetDatabase().Execute("INFO", "server") ?? string.Empty;
            var dialect = info.Contains("garnet_version:", StringComparison.Ordinal) ? ServerDialect.Garnet : ServerDialect.Redis;
            return new RedisServer(location, connection, dialect, connectTimeout);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            connection.Dispose();
            if (IsAuthenticationFailure(e))
            {
                throw new ServerAuthenticationException(location.Canonical, credential?.UserName, e);
            }

            throw new ServerUnavailableException(location.Canonical, location.Server, $"{FirstLine(e.Message)}.", e);
        }
    }

    /// <summary>The hash slot of a key, as the cluster computes it.</summary>
    public int SlotOf(RedisKey key) => _connection.HashSlot(key);

    /// <summary>For a cluster, which node (by endpoint) serves each hash slot; null for a single server.</summary>
    public Func<int, string?>? NodeOfSlot()
    {
        var cluster = _connection.GetServers().Select(s => s.ServerType == ServerType.Cluster ? s.ClusterConfiguration : null).FirstOrDefault(c => c is not null);
        return cluster is null ? null : slot => cluster.GetBySlot(slot)?.EndPoint?.ToString();
    }

    /// <summary>Runs a keyless command on every primary node (COMMITAOF must reach each node's own log).</summary>
    public void OnEveryPrimary(string command)
    {
        AwaitConnection();
        try
        {
            foreach (var server in _connection.GetServers().Where(s => !s.IsReplica && s.IsConnected))
            {
                server.Execute(command);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Translate(command, e);
        }
    }

    /// <summary>
    /// Returns at once while connected. After the connection was lost, the client reconnects by
    /// itself in the background; this waits for that (at most the connect timeout), so a session
    /// goes on after a server restart, and throws <see cref="ServerUnavailableException"/> when the
    /// server does not come back in time. Nothing is sent meanwhile: commands are never queued
    /// in the client while it is disconnected.
    /// </summary>
    public void AwaitConnection()
    {
        if (_connection.IsConnected)
        {
            return;
        }

        _restored.Reset();
        if (!_connection.IsConnected && !_restored.Wait(_reconnectTimeout) && !_connection.IsConnected)
        {
            throw new ServerUnavailableException(Locator, Location.Server, $"the connection was lost and could not be made again within {_reconnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// Runs one command, turning the server's failures into VelesDb errors. A lost connection is
    /// often noticed only when a command fails on it (a server restart): an idempotent command is
    /// then sent once more, after the client has reconnected.
    /// </summary>
    public T Call<T>(string command, Func<IDatabase, T> call, bool idempotent = true) =>
        idempotent ? Retry(command, () => call(Database)) : Once(command, () => call(Database));

    /// <summary>
    /// Runs <paramref name="work"/> (commands whose repetition leaves what one run leaves: reads,
    /// VADD of the same record, VSETATTR), and once more after reconnecting when it fails because
    /// the connection turned out lost; any other failure, or a second loss, is a VelesDb error.
    /// </summary>
    public T Retry<T>(string command, Func<T> work)
    {
        for (var attempt = 0; ; attempt++)
        {
            AwaitConnection();
            try
            {
                return work();
            }
            catch (Exception e) when (attempt == 0 && IsConnectionLoss(e))
            {
                // Once more, on the connection the client makes again.
            }
            catch (Exception e) when (e is RedisException or TimeoutException or AggregateException)
            {
                throw Translate(command, e);
            }
        }
    }

    private T Once<T>(string command, Func<T> work)
    {
        AwaitConnection();
        try
        {
            return work();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or AggregateException)
        {
            throw Translate(command, e);
        }
    }

    /// <summary>True for a failure that is the connection's, not the command's: what was sent may or may not have arrived.</summary>
    public static bool IsConnectionLoss(Exception e) =>
        e is RedisConnectionException || (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.Any(x => x is RedisConnectionException));

    /// <summary>The VelesDb error a failure of <paramref name="command"/> means.</summary>
    public Exception Translate(string command, Exception failure)
    {
        var e = failure is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.FirstOrDefault(x => x is not AggregateException) ?? failure : failure;
        return e switch
        {
            VelesDbException => e,
            RedisServerException server when server.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal) =>
                new ForeignKeyException(Locator, Location.Name, "a value of another type", "Choose another store name, or remove that key yourself if it is not needed."),
            // Redis before 8 does not know the commands; Garnet without --enable-vector-set-preview says they are not enabled.
            RedisServerException server when server.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase) ||
                                             server.Message.Contains("commands are not enabled", StringComparison.OrdinalIgnoreCase) =>
                new CapabilityNotSupportedException("Redis", Locator, $"vector sets ({command} is unknown to the server)", "Use Redis 8 or later, or start Garnet with --enable-vector-set-preview."),
            RedisServerException server when IsAuthenticationFailure(server) =>
                new ServerAuthenticationException(Locator, null, server),
            RedisServerException server => new ServerCommandException(Locator, command, server.Message, server),
            RedisConnectionException or RedisTimeoutException or TimeoutException =>
                new ServerUnavailableException(Locator, Location.Server, $"{FirstLine(e.Message)}.", e),
            _ => new ServerCommandException(Locator, command, e.Message, e),
        };
    }

    public void Dispose()
    {
        _connection.Dispose();
        _restored.Dispose();
    }

    /// <summary>The TLS handshake failure (an untrusted or mismatched server certificate) somewhere in <paramref name="e"/>, or null.</summary>
    private static System.Security.Authentication.AuthenticationException? CertificateFailure(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return tls;
            }

            if (inner is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(CertificateFailure).FirstOrDefault(x => x is not null);
            }
        }

        return null;
    }

    private static bool IsAuthenticationFailure(Exception e) =>
        e.ToString().Contains("NOAUTH", StringComparison.Ordinal) || e.ToString().Contains("WRONGPASS", StringComparison.Ordinal) ||
        (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure });

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ');
    }
}
