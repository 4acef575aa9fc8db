using System.Text;

namespace Stroma.Cli.Tests.Corpus;

/// <summary>
/// The hostile-input corpus (tests/corpus, see its README): one folder per reader or command, each file named
/// <c>what-it-attacks.refuse.EXT</c>, <c>.accept.EXT</c> or <c>.either.EXT</c>, and the command each folder's files go through.
/// Inputs of megabytes are made here rather than committed (<see cref="Generated"/>).
/// </summary>
internal static class CorpusCases
{
    public const string Patient = "P-CORPUS";

    public const string Lot = "LOT-CORPUS";

    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "corpus");

    /// <summary>Folders of the corpus that are not cases: the valid files the database is made from.</summary>
    public static readonly IReadOnlyList<string> NotCases = ["baseline", "__pycache__"];

    private const string Identifiler = "{data}/str/osiris/identifiler/";

    /// <summary>
    /// Each folder's command. Placeholders: <c>{file}</c> the case's file, <c>{db}</c> the case's copy of the database,
    /// <c>{data}</c> tests/data, <c>{tmp}</c> the case's own empty folder. The <c>args</c> folder's files are command lines
    /// themselves (one argument per line, same placeholders).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Commands = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["labs"] = ["import", "labs", "{file}", "--patient", Patient, "--db", "{db}"],
        ["course"] = ["import", "course", "{file}", "--db", "{db}"],
        ["lot"] = ["import", "lot", "{file}", "--db", "{db}"],
        ["safety"] = ["import", "safety", "{file}", "--patient", Patient, "--db", "{db}"],
        ["protocol"] = ["assess", "--patient", Patient, "--protocol", "{file}", "--db", "{db}"],
        ["biomarkers"] = ["biomarkers", "{file}", "--cva", "10", "--patient", Patient, "--db", "{db}"],
        ["cohort"] = ["biomarkers", "{file}", "--json"],
        ["cvi"] = ["biomarkers", "{corpus}/baseline/series.csv", "--cva", "10", "--cvi-table", "{file}", "--patient", Patient, "--db", "{db}"],
        ["curve"] = ["curve", "fit", "--model", "4pl", "{file}", "--back-calculate", "1.0,1.05", "--patient", Patient, "--day", "30", "--analyte", "IL-6",
            "--unit", "pg/mL", "--db", "{db}"],
        ["layout"] = ["array", "quantify", "{data}/proteome/images/dotblot_ARY017_example.tif", "--layout", "{file}", "--patient", Patient, "--day", "30",
            "--db", "{db}"],
        ["images"] = ["array", "quantify", "{file}", "--layout", "ARY022B", "--patient", Patient, "--day", "30", "--db", "{db}"],
        ["abif"] = ["str", "analyze", "{file}", "--ladder", Identifiler + "Identifiler_LADDER.fsa", "--kit", "{data}/str/kits/osiris/Identifiler_LadderInfo.xml",
            "--patient", Patient, "--sampled-at", "2025-06-01T09:00:00+02:00", "--db", "{db}"],
        ["kit"] = ["str", "analyze", Identifiler + "Positive_Control.fsa", "--ladder", Identifiler + "Identifiler_LADDER.fsa", "--kit", "{file}"],
    };

    /// <summary>Verdict commands, which may answer no with exit 3.</summary>
    public static bool IsVerdict(IReadOnlyList<string> args) =>
        args.Count >= 2 && ((args[0] == "lot" && args[1] == "release") || (args[0] == "audit" && args[1] == "verify"));

    /// <summary>Every case: the committed files (path relative to tests/corpus), then the generated ones.</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .Where(f => f.Contains('/', StringComparison.Ordinal) && !NotCases.Contains(f[..f.IndexOf('/', StringComparison.Ordinal)]))
            .Order(StringComparer.Ordinal)
            .Concat(Generated.Keys.Order(StringComparer.Ordinal));

    /// <summary>What the case's name asks for: <c>.refuse.</c>, <c>.accept.</c> or <c>.either.</c> (valid input whose answer may
    /// be a coded refusal, such as a cohort with no variation); null when it says none.</summary>
    public static Outcome? Expected(string name) =>
        name.Contains(".accept.", StringComparison.Ordinal) ? Outcome.Accept
        : name.Contains(".refuse.", StringComparison.Ordinal) ? Outcome.Refuse
        : name.Contains(".either.", StringComparison.Ordinal) ? Outcome.Either
        : null;

    public enum Outcome
    {
        Refuse,
        Accept,
        Either,
    }

    /// <summary>The case's folder: its first path segment (<c>generated/labs/…</c> goes through <c>labs</c>).</summary>
    public static string FolderOf(string name)
    {
        var parts = name.Split('/');
        return parts[0] == "generated" ? parts[1] : parts[0];
    }

    /// <summary>Cases of megabytes, made when run (name → bytes).</summary>
    public static readonly IReadOnlyDictionary<string, Func<byte[]>> Generated = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
    {
        ["generated/labs/analyte-5-MB-with-control-characters.refuse.csv"] = () =>
            Utf8($"sampled_at,analyte,value,unit\n2025-07-01T08:00:00+02:00,{Hostile(5_000_000)},1.0,mg/dL\n"),
        ["generated/labs/header-5-MB-unknown-column.refuse.csv"] = () =>
            Utf8($"sampled_at,analyte,value,unit,{Hostile(5_000_000)}\n2025-07-01T08:00:00+02:00,creatinine,1.0,mg/dL,x\n"),
        ["generated/labs/value-5-MB-digits.either.csv"] = () =>
            Utf8($"sampled_at,analyte,value,unit\n2025-07-01T08:00:00+02:00,creatinine,1.{new string('0', 5_000_000)}1,mg/dL\n"),
        ["generated/labs/rows-40000-valid-over-the-sqlite-variable-limit.accept.csv"] = () => LabRows(40_000),
        ["generated/course/sex-5-MB-with-control-characters.refuse.json"] = () =>
            Utf8(File.ReadAllText(Path.Combine(Folder, "baseline", "course.json")).Replace("\"P-CORPUS\"", "\"P-LONG\"", StringComparison.Ordinal)
                .Replace("\"sex\": \"F\"", $"\"sex\": \"{JsonEscaped(Hostile(5_000_000))}\"", StringComparison.Ordinal)),
        ["generated/course/nesting-100000-deep.refuse.json"] = () => Utf8("{\"patient\": " + new string('[', 100_000) + new string(']', 100_000) + "}"),
        ["generated/lot/din-5-MB.refuse.json"] = () =>
            Utf8(File.ReadAllText(Path.Combine(Folder, "baseline", "lot.json")).Replace("LOT-CORPUS", "LOT-LONG", StringComparison.Ordinal)
                .Replace("A999925017001", new string('A', 5_000_000), StringComparison.Ordinal)),
        ["generated/safety/relatedness-5-MB-with-control-characters.refuse.json"] = () =>
            Utf8(File.ReadAllText(Path.Combine(Folder, "baseline", "safety.json")).Replace("ae-1", "ae-long", StringComparison.Ordinal).Replace("bx-1", "bx-long", StringComparison.Ordinal)
                .Replace("\"unlikely\"", $"\"{JsonEscaped(Hostile(5_000_000))}\"", StringComparison.Ordinal)),
        ["generated/biomarkers/unit-5-MB.refuse.csv"] = () =>
            Utf8($"analyte,day,value,unit\nIL-6,-7,10,{Hostile(5_000_000)}\nIL-6,30,5,pg/mL\n"),
        ["generated/curve/rows-200000.refuse.csv"] = () => CurveRows(200_000),
        ["generated/kit/nesting-100000-deep.refuse.xml"] = () => Utf8(string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000))),
        ["generated/images/png-20000x20000-zeros-390-KB.refuse.png"] = () => ImageBombs.ZeroPng(20_000),
        ["generated/images/tiff-ary028-width-and-length-set-to-20000.refuse.tif"] = () =>
            ImageBombs.WithDimensions(File.ReadAllBytes(SharedData.PathOf("proteome/images/promad_ARY028_array_test.tif")), 20_000, 20_000),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // Letters with a control character (BEL, ESC, NUL, CR) every 1,000 characters: what an error line must clip and escape.
    private static string Hostile(int length)
    {
        var builder = new StringBuilder(length);
        var controls = "\u0007\u001b\u0000\r";
        for (var i = 0; i < length; i++)
        {
            builder.Append(i % 1000 == 999 ? controls[i / 1000 % controls.Length] : (char)('a' + (i % 26)));
        }

        return builder.ToString();
    }

    private static string JsonEscaped(string text) => System.Text.Json.JsonEncodedText.Encode(text).ToString();

    private static byte[] LabRows(int rows)
    {
        var builder = new StringBuilder("sampled_at,analyte,value,unit,specimen\n");
        var start = new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.FromHours(2));
        for (var i = 0; i < rows; i++)
        {
            builder.Append(System.FormattableString.Invariant($"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:sszzz},creatinine,{0.8 + (i % 40) / 100.0:0.00},mg/dL,serum_or_plasma\n"));
        }

        return Utf8(builder.ToString());
    }

    // A 4PL standard curve (a = 0.05, d = 2.5, c = 100 pg/mL, b = 1.2) repeated: a valid file, only long.
    private static byte[] CurveRows(int rows)
    {
        var builder = new StringBuilder("concentration,response\n");
        double[] standards = [3.9, 7.8, 15.6, 31.3, 62.5, 125, 250, 500, 1000];
        for (var i = 0; i < rows; i++)
        {
            var x = standards[i % standards.Length];
            builder.Append(System.FormattableString.Invariant($"{x},{2.5 + (0.05 - 2.5) / (1 + Math.Pow(x / 100, 1.2)):0.0000}\n"));
        }

        return Utf8(builder.ToString());
    }
}
