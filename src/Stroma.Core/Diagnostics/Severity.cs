namespace Stroma.Core.Diagnostics;

/// <summary>How serious an <see cref="Issue"/> is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; the value is fully usable.</summary>
    Information,

    /// <summary>The value is usable, but something is unusual (implausible, outside a validated population).</summary>
    Warning,

    /// <summary>The value, or the part the issue locates, cannot be used.</summary>
    Error,
}
