using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Stroma.Core.Course;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests;

/// <summary>
/// Identity erasure (GDPR Art. 17) reaches the kept raw inputs: an imported FHIR bundle (the Patient's name parts and hospital number,
/// a reference's display) is masked, a lab CSV (which has no identity column) is left as it is, and afterwards no stored byte holds the
/// name or the hospital number; the masking is recorded (old and new hash in the audited update, the reason in the identity trail), the
/// trail still verifies and the values stay as imported.
/// </summary>
public abstract class IdentityErasureTests(IStoreFixture fixture)
{
    private const string Name = "Marisol Quintanilla-Brook";
    private const string HospitalNumber = "HN-7730419";

    // A FHIR bundle as a hospital would send it (the Patient with its name in parts and its MRN; a lab whose subject has a display).
    private static readonly string Bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Patient","id":"@DemoCase.PatientId@","identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"@HospitalNumber@"}],
            "name":[{"text":"@Name@","family":"Quintanilla-Brook","given":["Marisol"]}],"birthDate":"1987-04-12"}},
          {"resource":{"resourceType":"Observation","status":"final","subject":{"reference":"Patient/@DemoCase.PatientId@","display":"Quintanilla-Brook, Marisol"},
            "valueQuantity":{"value":1.42,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}}]}
        """.Replace("@DemoCase.PatientId@", DemoCase.PatientId, StringComparison.Ordinal).Replace("@HospitalNumber@", HospitalNumber, StringComparison.Ordinal).Replace("@Name@", Name, StringComparison.Ordinal);

    // A lab CSV holds no identity (an unknown column is refused, so no name column): erasure leaves it as it is.
    private const string Csv = "sampled_at,analyte,value,unit\n2026-01-10T08:00:00+01:00,creatinine,1.42,mg/dL\n";

    [Fact]
    public async Task EraseIdentity_MasksEveryKeptRawInput_AndNoStoredByteHoldsTheNameOrHospitalNumber()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        var merged = await store.MergeCourseAsync(course, new PatientIdentity(DemoCase.PatientId, Name, HospitalNumber), "bundle.json", Encoding.UTF8.GetBytes(Bundle), "application/fhir+json", [], []);
        Assert.False(merged.HasErrors, string.Join("\n", merged.Issues));
        var csvSha = await KeepAsync(store, "labs.csv", Encoding.UTF8.GetBytes(Csv));
        var bundleSha = merged.Value!.RawSha256;
        Assert.NotEmpty(await FindAsync(store, Name));

        var erased = await store.EraseIdentityAsync(DemoCase.PatientId, "GDPR Art. 17 request 2026-12");

        Assert.NotNull(erased.Value);
        foreach (var secret in new[] { Name, HospitalNumber, "Quintanilla", "Marisol" })
        {
            var found = await FindAsync(store, secret);
            Assert.True(found.Count == 0, $"'{secret}' is still stored in: {string.Join(", ", found)}");
        }

        var audit = await store.VerifyAuditAsync();
        Assert.True(audit.IsIntact, string.Join("\n", audit.Problems));
        var bundle = Encoding.UTF8.GetString((await store.LoadRawFileAsync(bundleSha))!);
        Assert.Equal(Bundle.Length, bundle.Length); // masked in place: the JSON and its values are as imported
        Assert.Contains("\"value\":1.42,\"unit\":\"mg/dL\"", bundle, StringComparison.Ordinal);
        Assert.Contains("\"birthDate\":\"1987-04-12\"", bundle, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, System.Text.Json.JsonDocument.Parse(bundle).RootElement.ValueKind);
        Assert.Equal(Csv, Encoding.UTF8.GetString((await store.LoadRawFileAsync(csvSha))!));
        await using var db = store.Context();
        var updates = await db.AuditEntries.AsNoTracking().Where(e => e.TableName == "raw_files" && e.Action == "update").ToListAsync();
        Assert.Equal(bundleSha, Assert.Single(updates).EntityKey);
        Assert.All(updates, e => Assert.Contains("sha256:" + e.EntityKey, e.Before, StringComparison.Ordinal)); // the old hash
        Assert.All(updates, e => Assert.DoesNotContain("sha256:" + e.EntityKey, e.After, StringComparison.Ordinal)); // the masked bytes' hash
        var mask = await db.IdentityAudit.AsNoTracking().SingleAsync(a => a.PatientId == DemoCase.PatientId && a.Action == "mask");
        Assert.Equal(("GDPR Art. 17 request 2026-12", "test-user"), (mask.Reason, mask.Actor));
        Assert.Contains(bundleSha, mask.Fields, StringComparison.Ordinal);
        Assert.DoesNotContain(csvSha, mask.Fields, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ARawFileChangedOutsideAnErasure_IsStillATamper()
    {
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, Name, HospitalNumber));
        var sha = await KeepAsync(store, "labs.csv", Encoding.UTF8.GetBytes(Csv));
        await using (var db = store.Context())
        {
            var changed = Encoding.UTF8.GetBytes(Csv.Replace("1.42", "9.99", StringComparison.Ordinal));
            await db.Database.ExecuteSqlAsync($"UPDATE raw_files SET \"Content\" = {changed} WHERE \"Sha256\" = {sha}");
        }

        var audit = await store.VerifyAuditAsync();

        Assert.False(audit.IsIntact);
    }

    // Keeps a CSV of labs as a raw input, the way an import keeps it.
    private static async Task<string> KeepAsync(StromaStore store, string name, byte[] content)
    {
        var import = await store.ImportLabsAsync(DemoCase.PatientId, name, content, CancellationToken.None);
        Assert.False(import.HasErrors, string.Join("\n", import.Issues));
        return RawFiles.RawFileRow.HashOf(content);
    }

    // Where the text is stored: in the SQLite file or its write-ahead log (every byte), or in any row of any PostgreSQL table (bytes as hex).
    private async Task<List<string>> FindAsync(StromaStore store, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (fixture.Provider == StoreProvider.Sqlite)
        {
            var path = store.Location.FilePath!;
            return [.. new[] { path, path + "-wal" }.Where(File.Exists).Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(utf8) >= 0)];
        }

        var hex = Convert.ToHexStringLower(utf8);
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.Administrator(store).ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", connection);
            var all = (string)(await rows.ExecuteScalarAsync())!;
            if (all.Contains(text, StringComparison.Ordinal) || all.Contains(hex, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(table);
            }
        }

        return found;
    }
}

public sealed class SqliteIdentityErasureTests(SqliteFixture fixture) : IdentityErasureTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresIdentityErasureTests(PostgresFixture fixture) : IdentityErasureTests(fixture), IClassFixture<PostgresFixture>;
