using System.Text.Json;
using System.Text.Json.Serialization;
using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Core.Simulation;
using Stroma.Storage.CellTherapy;

namespace Stroma.Storage.Tests.CellTherapy;

/// <summary>
/// The stored JSON of AEs, biopsies and specifications' tests is written by generated serialisers; rows written before by reflection
/// must compare equal (the safety import finds changed records by comparing the text) and read back the same.
/// </summary>
public sealed class StoredRecordJsonTests
{
    // What the rows were written with before the serialisers were generated.
    private static readonly JsonSerializerOptions Reflection = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly DemoCellTherapyRecord Demo = DemoCellTherapy.Build("str-tissue-1");

    // A serious, unresolved AE with every criterion and no infusion: the nullable and array members at their other values.
    private static readonly AdverseEvent Serious = new("ae-sae", "collapsed at home", "Death NOS", Ctcae.Version, 5, DemoCase.DayZero.AddDays(200), null,
        [.. Enum.GetValues<SeriousnessCriterion>()], Relatedness.Unrelated, ProductAction.Discontinued, AeOutcome.Fatal);

    public static TheoryData<string> AdverseEvents() => [.. Demo.AdverseEvents.Append(Serious).Select(e => e.Id)];

    public static TheoryData<string> Biopsies() => [.. Demo.Biopsies.Select(b => b.Id)];

    private static AdverseEvent Event(string id) => Demo.AdverseEvents.Append(Serious).Single(e => e.Id == id);

    [Theory]
    [MemberData(nameof(AdverseEvents))]
    public void AdverseEvent_IsWrittenAsBeforeAndReadBackTheSame(string id)
    {
        var e = Event(id);
        var text = JsonSerializer.Serialize(e, CellTherapyModel.Json);

        Assert.Equal(JsonSerializer.Serialize(e, Reflection), text);
        Assert.Contains("\"Outcome\":\"", text, StringComparison.Ordinal); // enums by name
        Assert.Equal(text, JsonSerializer.Serialize(JsonSerializer.Deserialize<AdverseEvent>(JsonSerializer.Serialize(e, Reflection), CellTherapyModel.Json), Reflection));
    }

    [Theory]
    [MemberData(nameof(Biopsies))]
    public void Biopsy_IsWrittenAsBeforeAndReadBackTheSame(string id)
    {
        var b = Demo.Biopsies.Single(x => x.Id == id);
        var text = JsonSerializer.Serialize(b, CellTherapyModel.Json);

        Assert.Equal(JsonSerializer.Serialize(b, Reflection), text);
        Assert.Equal(text, JsonSerializer.Serialize(JsonSerializer.Deserialize<Core.Biopsy.BiopsyReport>(JsonSerializer.Serialize(b, Reflection), CellTherapyModel.Json), Reflection));
    }

    [Fact]
    public void SpecificationTests_AreWrittenAsBeforeAndReadBackTheSame()
    {
        var specification = ReleaseSpecification.BuiltIn.Single();
        var text = CellTherapyModel.TestsJson(specification);

        Assert.Equal(JsonSerializer.Serialize(specification.Tests, Reflection), text);
        // Compared as text: a test's alternatives are an array, which record equality compares by reference.
        Assert.Equal(text, JsonSerializer.Serialize(JsonSerializer.Deserialize<System.Collections.Immutable.ImmutableArray<ReleaseTest>>(text, CellTherapyModel.Json), Reflection));
    }
}
