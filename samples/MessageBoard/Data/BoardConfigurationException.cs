namespace MessageBoard.Data;

/// <summary>A configuration mistake found at startup; Program.cs prints its one-line message and exits with 1.</summary>
public sealed class BoardConfigurationException(string message) : Exception(message);
