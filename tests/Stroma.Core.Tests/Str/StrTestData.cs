using System.Collections.Immutable;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

/// <summary>Shared STR fixtures read from the shared data: kits and the control genotypes OSIRIS lists.</summary>
internal static class StrTestData
{
    public static Kit Identifiler()
    {
        using var stream = File.OpenRead(TestData.PathOf("str/kits/osiris/Identifiler_LadderInfo.xml"));
        return OsirisKitReader.Read(stream, "Identifiler_LadderInfo.xml").ValueOrThrow();
    }

    /// <summary>A column of kits/osiris/StandardPositiveControlList.tab (9947A, 2800M, …): locus → alleles, loci with no value left out.</summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> ControlGenotypes(string column) =>
        ControlProfiles.Read(File.ReadAllText(TestData.PathOf("str/kits/osiris/StandardPositiveControlList.tab")), "StandardPositiveControlList.tab").ValueOrThrow()[column];
}
