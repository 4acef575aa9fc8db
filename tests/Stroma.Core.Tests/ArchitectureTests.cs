using Stroma.Core.Quantities;

namespace Stroma.Core.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void CoreAssembly_ReferencesOnlyTheFrameworkAndNumerics() =>
        Assert.All(typeof(Creatinine).Assembly.GetReferencedAssemblies(), a =>
            Assert.True(
                a.Name!.StartsWith("System", StringComparison.Ordinal) || a.Name is "netstandard" or "mscorlib" or "MathNet.Numerics",
                $"Stroma.Core references {a.Name}"));

    [Fact]
    public void CoreAssembly_UsesMathNetNumerics()
    {
        // The reference list above is only meaningful if it is read from the real assembly; MathNet is used for slopes.
        Assert.Contains(typeof(Creatinine).Assembly.GetReferencedAssemblies(), a => a.Name == "MathNet.Numerics");
    }
}
