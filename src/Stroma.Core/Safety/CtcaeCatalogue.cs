using System.Collections.Immutable;
using System.Text;

namespace Stroma.Core.Safety;

/// <summary>
/// Reads the CTCAE term list shipped with Core: a CSV (RFC 4180) with the header <c>meddra_code,soc,term,grades</c>, one row per term,
/// <c>grades</c> the digits of the grades the term defines (<c>345</c>: grades 3, 4 and 5; CTCAE's "–" for the others).
/// </summary>
internal static class CtcaeCatalogue
{
    private const string ResourceName = "Stroma.Core.Safety.CtcaeV5Terms.csv";

    /// <summary>The embedded list, with <paramref name="defined"/> (terms typed with their grade texts) in place of their rows.</summary>
    /// <exception cref="InvalidOperationException">The embedded list is missing or malformed (a build error, not bad input).</exception>
    public static ImmutableArray<CtcaeTerm> ReadEmbedded(IReadOnlyList<CtcaeTerm> defined)
    {
        using var stream = typeof(CtcaeCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The CTCAE term list {ResourceName} is not embedded in Stroma.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Read(reader.ReadToEnd(), defined);
    }

    /// <summary>Parses the list; a defined term replaces the row of the same name, and must agree with it on its grades.</summary>
    /// <exception cref="InvalidOperationException">A row is malformed, a term repeats, or a defined term disagrees with its row.</exception>
    public static ImmutableArray<CtcaeTerm> Read(string csv, IReadOnlyList<CtcaeTerm> defined)
    {
        var byName = defined.ToDictionary(t => t.Term, StringComparer.OrdinalIgnoreCase);
        var terms = ImmutableArray.CreateBuilder<CtcaeTerm>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != "meddra_code,soc,term,grades")
        {
            throw new InvalidOperationException("The CTCAE term list must start with the header meddra_code,soc,term,grades.");
        }

        foreach (var (line, row) in lines.Skip(1).Select((l, i) => (l.TrimEnd('\r'), i + 2)))
        {
            var fields = Fields(line);
            if (fields.Count != 4 || fields[3].Length == 0 || fields[3].Any(c => c is < '1' or > '5') || !seen.Add(fields[2]))
            {
                throw new InvalidOperationException($"CTCAE term list row {row} is malformed or repeats a term: '{line}'.");
            }

            var grades = Enumerable.Range(1, 5).Select(g => fields[3].Contains((char)('0' + g), StringComparison.Ordinal) ? string.Empty : null).ToImmutableArray();
            if (byName.TryGetValue(fields[2], out var typed))
            {
                if (!Enumerable.Range(1, 5).All(g => typed.HasGrade(g) == (grades[g - 1] is not null)) || typed.Soc != fields[1] || typed.MeddraCode != fields[0])
                {
                    throw new InvalidOperationException($"The typed CTCAE term {typed.Term} disagrees with row {row} of the term list.");
                }

                terms.Add(typed);
            }
            else
            {
                terms.Add(new CtcaeTerm(fields[2], fields[1], fields[0], grades));
            }
        }

        return terms.ToImmutable();
    }

    // One CSV record's fields: commas inside double quotes are data, a doubled quote is one quote.
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
