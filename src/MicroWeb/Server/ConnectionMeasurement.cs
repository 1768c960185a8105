namespace MicroWeb.Server;

/// <summary>What <see cref="ServerMetrics.ConnectionOpened"/> measured: the start timestamp (0: not timed) and whether it counted the connection as active.</summary>
internal readonly record struct ConnectionMeasurement(long Start, bool Active);
