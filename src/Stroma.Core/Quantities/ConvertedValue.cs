namespace Stroma.Core.Quantities;

/// <summary>
/// A value read in one of a kind's units: in the canonical unit, and as it was given. A type of Core's own rather than a tuple, so
/// that <c>ReadResult&lt;ConvertedValue&gt;</c> is precompiled with Core (ReadyToRun cannot precompile a generic over a framework
/// tuple of Core's types, and every command that reads a quantity then waited for the JIT).
/// </summary>
/// <param name="Canonical">The value in the kind's canonical unit.</param>
/// <param name="Reported">The value and unit as given.</param>
internal readonly record struct ConvertedValue(double Canonical, ReportedValue Reported);
