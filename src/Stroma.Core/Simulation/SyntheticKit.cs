using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Str;

namespace Stroma.Core.Simulation;

/// <summary>
/// A built-in kit that is synthetic and says so: ten loci SYN01–SYN10 in three dyes, GS500 LIZ in the fourth channel, tetranucleotide
/// repeats at made-up sizes (one microvariant, SYN04 9.3). It lets the simulator, the demo and the tests run where no vendor kit
/// definition may be shipped; it types no real DNA.
/// </summary>
public static class SyntheticKit
{
    /// <summary>The kit's name, as <c>--kit</c> takes it.</summary>
    public const string Name = "Stroma-Synthetic-10";

    /// <summary>The kit.</summary>
    public static Kit Kit { get; } = Create();

    private static Kit Create()
    {
        // (name, dye, first allele, last allele, size of the first allele in bp)
        var loci = new (string Name, int Dye, int First, int Last, double Bp)[]
        {
            ("SYN01", 1, 6, 15, 100), ("SYN02", 1, 10, 22, 160), ("SYN03", 1, 15, 30, 232),
            ("SYN04", 2, 5, 14, 110), ("SYN05", 2, 8, 22, 170), ("SYN06", 2, 18, 35, 250),
            ("SYN07", 3, 7, 16, 102), ("SYN08", 3, 9, 23, 162), ("SYN09", 3, 12, 26, 240), ("SYN10", 3, 14, 28, 322),
        };
        return new Kit(Name, 4, [.. loci.Select(l =>
        {
            var ladder = Enumerable.Range(l.First, l.Last - l.First + 1)
                .Select(n => new LadderAllele(n.ToString(CultureInfo.InvariantCulture), l.Bp + (4 * (n - l.First)), null))
                .ToList();
            if (l.Name == "SYN04")
            {
                ladder.Add(new LadderAllele("9.3", l.Bp + (4 * (9 - l.First)) + 3, null));
            }

            var sorted = ladder.OrderBy(a => a.NominalBp).ToImmutableArray();
            return new Locus(l.Name, l.Dye, l.Dye, sorted[0].NominalBp - 2, sorted[^1].NominalBp + 2, sorted[0].NominalBp - 5, sorted[^1].NominalBp + 5, sorted, 4);
        })]) { SizeStandards = [Electrophoresis.SizeStandard.Gs500Liz] };
    }
}
