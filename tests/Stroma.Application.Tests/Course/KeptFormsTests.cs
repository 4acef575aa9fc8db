using System.Text.Json;
using Stroma.Application.CellProducts;
using Stroma.Application.Course;
using Stroma.Application.Labs;
using Stroma.Application.Safety;
using Stroma.Core.Biopsy;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Safety;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Course;

/// <summary>
/// Every form keeps what was typed as the raw input of the record it wrote: one kept input per write (the entry, each amendment), its
/// bytes under their SHA-256, holding the fields exactly as typed, the site's zone and an amendment's reason; a refused form keeps nothing.
/// </summary>
public abstract class KeptFormsTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The demo patient without infusions, the demo's lot released (its bags dispensed for the patient), the site in Rome.
    private async Task<(StromaStore Store, MscInfusion First, Bag Bag)> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] }, null, "demo", Ct)).ValueOrThrow();
        var demo = DemoCellTherapy.Build();
        (await store.SaveLotAsync(new LotDocument(demo.Lot, SpecificationReference.Of(demo.Specification), demo.Results, demo.Custody), cancellationToken: Ct)).ValueOrThrow();
        (await store.SignAsync(SignedRecord.Lot(demo.Lot.Id), Core.Signatures.SignatureMeaning.Release, "qp", "Quinn Person", DateTimeOffset.UtcNow, null, Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return (store.WithActor("nurse-1"), course.Infusions[0], demo.Lot.Bags[0]);
    }

    // The record's kept inputs, each read back from the store by its SHA-256 and checked against it.
    private static async Task<IReadOnlyList<(RecordInput Input, JsonElement Form)>> KeptAsync(StromaStore store, PatientRecordKind kind, string id)
    {
        var trail = await CourseEntries.TrailAsync(store, DemoCase.Id, kind, id, Ct);
        var kept = new List<(RecordInput, JsonElement)>();
        foreach (var input in trail.Inputs)
        {
            var bytes = await store.LoadRawFileAsync(input.Sha256, Ct);
            Assert.NotNull(bytes);
            Assert.Equal(input.Sha256, Core.RawInput.Of(input.FileName, bytes).Sha256);
            Assert.Equal(bytes.Length, input.Length);
            kept.Add((input, JsonDocument.Parse(bytes).RootElement.Clone()));
        }

        return kept;
    }

    private static string? Field(JsonElement form, string name) => form.GetProperty("fields").GetProperty(name).GetString();

    [Fact]
    public async Task PlasmaExchange_EntryAndAmendment_EachKeepTheFormAsTyped()
    {
        var (store, _, _) = await StoreAsync();

        var session = (await CourseEntries.RecordPlasmaExchangeAsync(store, DemoCase.Id, new PlasmaExchangeFields("2026-07-01T08:30", "1,2", null, "5% albumin"), Now, Ct)).Value;
        var typed = (await CourseEntries.RecordPlasmaExchangeAsync(store, DemoCase.Id, new PlasmaExchangeFields("2026-07-01T08:30", "1.2", null, "5% albumin"), Now, Ct)).ValueOrThrow();
        (await CourseEntries.AmendPlasmaExchangeAsync(store, DemoCase.Id, typed.Id, new PlasmaExchangeFields("2026-07-01T08:30", "1.4", null, "5% albumin"), "volume from the machine log", Now, Ct)).ValueOrThrow();

        Assert.Null(session); // the decimal comma is refused: nothing kept for it
        var kept = await KeptAsync(store, PatientRecordKind.PlasmaExchange, typed.Id);
        Assert.Equal(["add", "amend"], kept.Select(k => k.Input.Action));
        Assert.Equal(["1.2", "1.4"], kept.Select(k => Field(k.Form, "plasmaVolumes")));
        Assert.All(kept, k => Assert.Equal(("plasma-exchange", DemoCase.PatientId, typed.Id, "Europe/Rome"),
            (k.Form.GetProperty("form").GetString(), k.Form.GetProperty("patient").GetString(), k.Form.GetProperty("record").GetString(), k.Form.GetProperty("timeZone").GetString())));
        Assert.Equal("volume from the machine log", kept[1].Form.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, kept[0].Form.GetProperty("reason").ValueKind);
        Assert.Equal($"plasma-exchange-form-{typed.Id}.json", kept[0].Input.FileName);
        Assert.All(kept, k => Assert.Equal("nurse-1", k.Input.Actor));
    }

    [Fact]
    public async Task DrugEventLab_EachKeepTheirForm_AndARefusedAmendmentKeepsNothing()
    {
        var (store, _, _) = await StoreAsync();

        var drug = (await CourseEntries.RecordDrugAsync(store, DemoCase.Id, new DrugFields("prednisone", "10", "mg", "2026-01-05"), Now, Ct)).ValueOrThrow();
        var refused = await CourseEntries.AmendDrugAsync(store, DemoCase.Id, drug.Id, new DrugFields("prednisone", "ten", "mg", "2026-01-05"), "dose from the chart", Now, Ct);
        var clinical = (await CourseEntries.RecordEventAsync(store, DemoCase.Id, new ClinicalEventFields("2026-02-01T10:00", "Other", "fever work-up"), Now, Ct)).ValueOrThrow();
        var lab = (await LabEntries.RecordAsync(store, DemoCase.Id, new LabEntryFields("creatinine", "0.93", "mg/dL", "2026-11-02T08:15"), Now, Ct)).ValueOrThrow();

        Assert.True(refused.HasErrors);
        Assert.Equal("10", Field(Assert.Single(await KeptAsync(store, PatientRecordKind.Drug, drug.Id)).Form, "dose"));
        Assert.Equal("fever work-up", Field(Assert.Single(await KeptAsync(store, PatientRecordKind.ClinicalEvent, clinical.Id)).Form, "description"));
        var labForm = Assert.Single(await KeptAsync(store, PatientRecordKind.LabResult, lab.Lab.Id));
        Assert.Equal("0.93", Field(labForm.Form, "value"));
        Assert.Equal(lab.Lab.SourceSha256, labForm.Input.Sha256); // the lab row names the same kept form
    }

    [Fact]
    public async Task AdverseEventBiopsyInfusion_EachKeepTheirForm()
    {
        var (store, first, bag) = await StoreAsync();

        var infusion = (await InfusionEntries.RecordAsync(store, DemoCase.Id, new InfusionFields(bag.Din.Value, null, SiteTime.ToLocalField(first.At, Rome), "1.5e6", "40"), DateTimeOffset.UtcNow, Ct)).ValueOrThrow();
        var ae = (await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Reaction("1"), Now, Ct)).ValueOrThrow();
        (await AdverseEventEntries.AmendAsync(store, DemoCase.Id, ae.Id, Reaction("2"), "re-graded", Now, Ct)).ValueOrThrow();
        var biopsy = (await BiopsyEntries.RecordAsync(store, DemoCase.Id, Biopsy(), Now, Ct)).ValueOrThrow();

        var infused = Assert.Single(await KeptAsync(store, PatientRecordKind.Infusion, infusion.Infusion.Id));
        Assert.Equal((bag.Din.Value, infusion.Infusion.Id), (Field(infused.Form, "bag"), infused.Form.GetProperty("record").GetString()));
        var aeForms = await KeptAsync(store, PatientRecordKind.AdverseEvent, ae.Id);
        Assert.Equal([("add", "1"), ("amend", "2")], aeForms.Select(k => (k.Input.Action, Field(k.Form, "grade"))));
        var biopsyForm = Assert.Single(await KeptAsync(store, PatientRecordKind.Biopsy, biopsy.Id)).Form;
        Assert.Equal(("for cause: recurrent proteinuria", "18"), (Field(biopsyForm, "indication"), biopsyForm.GetProperty("fields").GetProperty("counts").GetProperty("glomeruli").GetString()));
    }

    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    private static AdverseEventFields Reaction(string grade) =>
        new("wheeze and flushing", "Infusion related reaction", grade, "2026-03-02T10:15", "2026-03-02T13:00", [], "Possible", "Interrupted", "Recovered");

    private static BiopsyFields Biopsy()
    {
        var counts = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["glomeruli"] = "18", ["globallySclerosed"] = "1", ["arteries"] = "2", ["collapsing"] = "0", ["tip"] = "1", ["cellular"] = "0", ["perihilar"] = "0",
            ["segmentallySclerosed"] = "3", ["emGlomeruli"] = "3",
        };
        foreach (var (field, _) in BiopsyEntry.ScoreFields)
        {
            counts[field] = "0";
        }

        return new BiopsyFields("2026-03-10T09:00", "for cause: recurrent proteinuria", counts, "70", "Immunofluorescence", false, "no", "Recurrent FSGS");
    }
}

public sealed class SqliteKeptFormsTests(SqliteFixture fixture) : KeptFormsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresKeptFormsTests(PostgresFixture fixture) : KeptFormsTests(fixture), IClassFixture<PostgresFixture>;
