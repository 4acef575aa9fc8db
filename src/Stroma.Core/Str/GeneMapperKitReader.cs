using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Str;

/// <summary>
/// Reads the GeneMapper Panels and Bins text exports labs already have (research/str.md §2.2; dialects "GM v 3.0", "GM v 4.1",
/// "GMID-X v 1.x"): one panel's markers (dye, allele-calling window, control alleles, repeat, ladder) joined with their bins
/// (centre in bp, virtual or not). The bin centres become the nominal ladder sizes, so a run's ladder calibrates them as GeneMapper
/// does. Dyes map to ABIF channels blue 1, green 2, yellow 3, red 4, orange 5, purple 6.
/// </summary>
public static class GeneMapperKitReader
{
    private static readonly Dictionary<string, int> Dyes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["blue"] = 1, ["green"] = 2, ["yellow"] = 3, ["red"] = 4, ["orange"] = 5, ["purple"] = 6,
    };

    /// <summary>Reads a kit from a Panels file and a Bins file (the first panel of each).</summary>
    public static ReadResult<Kit> Read(string panels, string panelsName, string bins, string binsName, int standardChannel = 5)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(bins);
        var issues = new List<Issue>();
        var binsByMarker = ReadBins(bins, binsName, issues);
        var lines = panels.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("Version", StringComparison.Ordinal))
        {
            return ReadResult.Failed<Kit>([Issue.Error(KitIssues.Malformed, $"{panelsName} line 1", $"Expected a GeneMapper 'Version' line; found '{lines.FirstOrDefault()?.Trim()}'.")]);
        }

        string? kitName = null;
        var loci = ImmutableArray.CreateBuilder<Locus>();
        var inPanel = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].TrimEnd('\r').Split('\t').Select(f => f.Trim().Trim('"').Trim()).ToArray();
            var location = $"{panelsName} line {i + 1}";
            if (fields.Length == 0 || fields[0].Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            if (fields[0] == "Panel")
            {
                if (inPanel)
                {
                    break; // the first panel only
                }

                (inPanel, kitName) = (true, fields.ElementAtOrDefault(1));
                continue;
            }

            if (!inPanel || fields[0] is "Chemistry Kit" or "Kit type:")
            {
                continue;
            }

            var values = fields.Where(f => f.Length > 0).ToArray();
            if (values.Length < 7)
            {
                continue;
            }

            if (!Dyes.TryGetValue(values[1], out var channel)
                || !double.TryParse(values[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
                || !double.TryParse(values[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
                || !int.TryParse(values[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var repeat))
            {
                issues.Add(Issue.Error(KitIssues.BadElement, location,
                    $"Expected marker, dye ({string.Join("/", Dyes.Keys)}), min bp, max bp, control alleles, repeat; found '{string.Join(" | ", values.Take(6))}'."));
                continue;
            }

            var name = values[0];
            if (!binsByMarker.TryGetValue(name, out var markerBins))
            {
                issues.Add(Issue.Error(KitIssues.BadElement, location, $"Marker {name} has no bins in {binsName}."));
                continue;
            }

            var control = values[4] is "-" or "none" ? [] : values[4].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => Amelogenin.AlleleName(name, a)).ToImmutableArray();
            // Column 6: the marker's own stutter ratio; "none" or 0 means the global one (research/str.md §2.2).
            var stutter = double.TryParse(values[6], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio > 0 ? ratio : (double?)null;
            loci.Add(new Locus(name, channel, channel, min, max, min - 5, max + 5, markerBins, Amelogenin.IsLocus(name) ? null : repeat)
            {
                ControlAlleles = control,
                StutterRatio = stutter,
            });
        }

        if (loci.Count == 0 && issues.Count == 0)
        {
            issues.Add(Issue.Error(KitIssues.Malformed, panelsName, $"Expected a 'Panel' block with marker rows; found none."));
        }

        return issues.Any(i => i.Severity == Severity.Error)
            ? ReadResult.Failed<Kit>(issues)
            : ReadResult.Of(new Kit(kitName ?? panelsName, standardChannel, loci.ToImmutable()), issues);
    }

    private static Dictionary<string, ImmutableArray<LadderAllele>> ReadBins(string bins, string binsName, List<Issue> issues)
    {
        var result = new Dictionary<string, List<LadderAllele>>(StringComparer.Ordinal);
        List<LadderAllele>? current = null;
        var marker = string.Empty;
        var panels = 0;
        var lines = bins.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].TrimEnd('\r').Split('\t').Select(f => f.Trim()).Where(f => f.Length > 0).ToArray();
            if (fields.Length == 0)
            {
                continue;
            }

            switch (fields[0])
            {
                case "Panel Name":
                    panels++;
                    current = null;
                    continue;
                case "Marker Name" when panels == 1 && fields.Length > 1:
                    (marker, current) = (fields[1], result[fields[1]] = []);
                    continue;
                case "Version" or "Chemistry Kit" or "BinSet Name" or "Marker Name":
                    continue;
            }

            if (current is null)
            {
                continue;
            }

            if (fields.Length < 2 || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var centre))
            {
                issues.Add(Issue.Error(KitIssues.BadElement, $"{binsName} line {i + 1}", $"Expected 'allele <TAB> centre bp <TAB> left <TAB> right'; found '{lines[i].Trim()}'."));
                continue;
            }

            current.Add(new LadderAllele(Amelogenin.AlleleName(marker, fields[0]), centre, null, IsVirtual: fields.Skip(4).Any(f => f.Equals("virtual", StringComparison.OrdinalIgnoreCase))));
        }

        return result.ToDictionary(p => p.Key, p => p.Value.OrderBy(a => a.NominalBp).ToImmutableArray(), StringComparer.Ordinal);
    }
}
