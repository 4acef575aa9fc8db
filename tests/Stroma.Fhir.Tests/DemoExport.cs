using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Application.Demo;
using Stroma.Core.Course;
using Stroma.Fhir.Export;
using Stroma.Storage;
using Stroma.Storage.Tests;

[assembly: AssemblyFixture(typeof(Stroma.Fhir.Tests.DemoExport))]

namespace Stroma.Fhir.Tests;

/// <summary>The demo case loaded once per test run into a SQLite store, and its FHIR export (identified), shared by the FHIR tests.</summary>
public sealed class DemoExport : IAsyncLifetime
{
    private readonly SqliteFixture _sqlite = new();

    /// <summary>A fixed export time, so two exports compare equal.</summary>
    public static readonly DateTimeOffset ExportedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public StromaStore Store { get; private set; } = null!;

    public byte[] Json { get; private set; } = [];

    public Bundle Bundle { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Store = await _sqlite.NewStoreAsync();
        var loaded = await DemoLoad.RunAsync(Store, new Progress<string>(), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Issues));
        var exported = await FhirExports.ExportAsync(Store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: false, ExportedAt, CancellationToken.None);
        Json = exported.Value!;
        Bundle = FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(System.Text.Encoding.UTF8.GetString(Json));
    }

    public ValueTask DisposeAsync()
    {
        _sqlite.Dispose();
        return ValueTask.CompletedTask;
    }
}
