using System.Text;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Str;
using Stroma.Core.Text;

namespace Stroma.Core.Tests;

/// <summary>The rules the hostile-input corpus found missing, each at the depth where it belongs.</summary>
public sealed class HostileInputRulesTests
{
    [Fact]
    public void IssueText_LibraryMessageNamingDotNetTypes_ReadsAsWords()
    {
        var issue = Issue.Error("IMG001", "x.tif", $"the decoder failed: Parameter \"width\" (System.Int32) must be greater than 0; Stroma.Core.Course.CourseJson+Document");

        Assert.DoesNotContain("System.", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stroma.", issue.Message, StringComparison.Ordinal);
        Assert.Contains("Parameter \"width\" (a value) must be greater than 0", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(-273)]
    [InlineData(double.NaN)]
    public void Custody_ImpossibleTemperature_IsRefusedAtTheEvent(double celsius)
    {
        var bag = new Bag("B1", Isbt128.Parse("G123425000001").ValueOrThrow(), "S1234", "A0", 1e8, 50, "P-1");
        var at = new DateTimeOffset(2025, 3, 3, 7, 0, 0, TimeSpan.FromHours(1));

        var issues = Custody.Check(bag, [new CustodyEvent("c1", "B1", CustodyEventKind.Dispensed, "factory", "courier", at, "Cell factory", celsius)]);

        Assert.Equal(("bag B1 custody c1", CustodyIssues.Condition), (Assert.Single(issues).Location, issues[0].Code));
    }

    [Fact]
    public void Custody_LiquidNitrogen_IsPossible()
    {
        var bag = new Bag("B1", Isbt128.Parse("G123425000001").ValueOrThrow(), "S1234", "A0", 1e8, 50, "P-1");

        Assert.Empty(Custody.Check(bag, [new CustodyEvent("c1", "B1", CustodyEventKind.Dispensed, "factory", "courier", DateTimeOffset.UnixEpoch, "Cell factory", -196)]));
    }

    [Fact]
    public void DoseResponse_MoreStandardsThanAPlate_IsRefusedNotAnIndexError()
    {
        var standards = Enumerable.Range(0, 200_000).Select(i => (Concentration: (double)(1 + i % 9), Response: 1.0 + i % 9)).ToList();

        var fit = DoseResponse.Fit(standards, CurveModel.FourParameter, CurveWeighting.None);

        Assert.Equal(CurveIssues.TooManyStandards, Assert.Single(fit.Issues).Code);
    }

    [Fact]
    public void ArrayLayout_ColumnBeyondAnyMembrane_IsRefused()
    {
        var csv = "kit,analyte,row,column,spot_role,duplicate_index\nK,Reference Spots,A,1,reference,1\nK,IL-6,B,1000000,analyte,1\n";

        var layout = ArrayLayouts.Read(Encoding.UTF8.GetBytes(csv), "l.csv");

        Assert.Contains(layout.Issues, i => i.Code == LayoutIssues.BadRow && i.Location == "l.csv line 3");
    }

    [Fact]
    public void OsirisKit_NestedDeeperThanAnyKitFile_IsRefusedBeforeItIsBuilt()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000));

        var kit = OsirisKitReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "deep.xml");

        Assert.Equal(KitIssues.Malformed, Assert.Single(kit.Issues).Code);
    }

    [Fact]
    public void StrictJson_InvalidUtf8InsideAString_IsRefusedWithItsLineNotThrown()
    {
        byte[] json = [.. "{\n  \"name\": \"ab"u8, 0xC3, 0x28, .. "\"\n}"u8];

        var read = StrictJson.Parse(json, "c.json", "COURSEJSON001");

        var issue = Assert.Single(read.Issues);
        Assert.Equal(("COURSEJSON001", "c.json line 2"), (issue.Code, issue.Location));
        Assert.Contains("at byte 14 of the line", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_OverlongLocationAndMessage_FitOnOnePrintedLine()
    {
        var column = new string('x', 5000);

        var issue = Issue.Error("CSV006", $"l.csv row 1, column {column}", $"Expected known columns; found {column} unquoted");

        Assert.True(issue.Location.Length + issue.Message.Length + 30 < 1000, $"{issue.Location.Length} + {issue.Message.Length}");
        Assert.EndsWith("more)", issue.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void SafetyDates_BeforeBirthOrInTheFuture_AreNamedByRecord()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var window = new Stroma.Core.Course.RecordWindow(new DateOnly(2011, 10, 15), now);
        var fever = new Stroma.Core.Safety.AdverseEvent("ae-1", "fever", "Fever", Stroma.Core.Safety.Ctcae.Version, 1, new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero),
            now.AddDays(2), [], Stroma.Core.Safety.Relatedness.Unlikely, Stroma.Core.Safety.ProductAction.None, Stroma.Core.Safety.AeOutcome.Recovered);

        var issues = Stroma.Core.Safety.SafetyDates.Check(window, [fever, fever with { Id = "ae-2", Onset = now.AddDays(-1), Resolved = now }], [], []);

        Assert.Equal(["adverse event ae-1 onset", "adverse event ae-1 resolved"], issues.Select(i => i.Location));
    }
}
