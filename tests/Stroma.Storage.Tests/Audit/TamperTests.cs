using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Simulation;
using Stroma.Storage.Audit;

namespace Stroma.Storage.Tests.Audit;

/// <summary>
/// Each tampering case of issue 12, scripted against a real database by someone with the database's own rights (SQLite: the file
/// with triggers dropped and restored; PostgreSQL: a superuser with session_replication_role = replica) but without the site's audit
/// key: verify must report it — or, where the design cannot see it without an anchor, it must with one.
/// </summary>
public abstract class TamperTests(IStoreFixture fixture)
{
    private const string Labs = """
        sampled_at,analyte,value,unit
        2025-06-01T08:00:00+02:00,upcr,2.5,mg/mg
        2025-06-01T08:00:00+02:00,creatinine,0.7,mg/dL
        """;

    private const string MoreLabs = """
        sampled_at,analyte,value,unit
        2025-07-01T08:00:00+02:00,upcr,1.5,mg/mg
        """;

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Ada Example", "HN-4711"))).ValueOrThrow();
        (await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Encoding.UTF8.GetBytes(Labs))).ValueOrThrow();
        Assert.True((await store.VerifyAuditAsync()).IsIntact);
        return store;
    }

    private static IEnumerable<Issue> Errors(AuditReport report) => report.Problems.Where(p => p.Severity == Severity.Error);

    // Runs SQL as an attacker who holds the database but not the key: protections switched off for the session (and, on SQLite,
    // the triggers dropped and restored afterwards unless told otherwise), foreign keys not enforced.
    private async Task AttackAsync(StromaStore store, bool restoreTriggers, params string[] statements)
    {
        await using var db = fixture.Administrator(store).CreateContext("attacker");
        await db.Database.OpenConnectionAsync();
        var triggers = new List<string>();
        if (fixture.Provider == StoreProvider.Sqlite)
        {
            triggers = await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger'").ToListAsync();
            foreach (var name in await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger'").ToListAsync())
            {
                var drop = "DROP TRIGGER \"" + name + "\"";
                await db.Database.ExecuteSqlRawAsync(drop);
            }

            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica");
        }

        foreach (var statement in statements)
        {
            var raw = statement.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal); // literal SQL, no parameters
            await db.Database.ExecuteSqlRawAsync(raw);
        }

        if (restoreTriggers)
        {
            foreach (var sql in triggers)
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }
    }

    private Task AttackAsync(StromaStore store, params string[] statements) => AttackAsync(store, restoreTriggers: true, statements);

    // The trail rewritten as someone without the key would: an edit, then every hash after it recomputed, MACs left as they were.
    private async Task RewriteChainAsync(StromaStore store, Action<AuditEntryRow> edit, long sequence)
    {
        List<AuditEntryRow> entries;
        await using (var db = fixture.Administrator(store).CreateContext("attacker"))
        {
            entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        }

        var previous = AuditChain.Genesis;
        var statements = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Sequence == sequence)
            {
                edit(entry);
            }

            entry.PreviousHash = previous;
            entry.Hash = AuditChain.HashOf(entry);
            previous = entry.Hash;
            statements.Add(FormattableString.Invariant(
                $"UPDATE audit_entries SET \"PreviousHash\" = '{entry.PreviousHash}', \"Hash\" = '{entry.Hash}', \"After\" = {Quote(entry.After)}, \"AtUtc\" = {Time(entry.AtUtc)} WHERE \"Sequence\" = {entry.Sequence}"));
        }

        statements.Add($"UPDATE audit_head SET \"Hash\" = '{previous}'");
        await AttackAsync(store, [.. statements]);
    }

    private static string Quote(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private string Time(DateTimeOffset at) => fixture.Provider == StoreProvider.Sqlite
        ? Quote(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture))
        : Quote(at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)) + "::timestamptz";

    private static async Task<long> HeadAsync(StromaStore store) => (await store.VerifyAuditAsync()).HeadSequence;

    [Fact]
    public async Task Verify_LabValueChangedInTheTable_NamesTheRow()
    {
        var store = await StoreAsync();
        var lab = DemoCase.Build().Labs[0];

        await AttackAsync(store, $"UPDATE lab_results SET \"Value\" = \"Value\" * 10 WHERE \"PatientId\" = '{DemoCase.PatientId}' AND \"Id\" = '{lab.Id}'");

        var report = await store.VerifyAuditAsync();
        Assert.Contains(Errors(report), p => p.Code == AuditIssues.NotIntact && p.Location == $"lab_results {DemoCase.PatientId}|{lab.Id}");
    }

    [Fact]
    public async Task Verify_WholePatientDeleted_NamesTheMissingRows()
    {
        var store = await StoreAsync();
        var other = DemoCase.Build() with { Labs = [], Sessions = [], Infusions = [], Drugs = [], Events = [] };
        (await store.SaveCourseAsync(other with { Patient = other.Patient with { Id = "P-GONE", Transplants = [] } })).ValueOrThrow();

        await AttackAsync(store, "DELETE FROM patients WHERE \"Id\" = 'P-GONE'");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "patients P-GONE");
    }

    [Fact]
    public async Task Verify_RowAddedOutsideStroma_IsNamed()
    {
        var store = await StoreAsync();

        await AttackAsync(store, $"INSERT INTO drugs (\"PatientId\", \"Id\", \"Name\", \"Start\") VALUES ('{DemoCase.PatientId}', 'd-forged', 'rituximab', '2025-01-01')");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == $"drugs {DemoCase.PatientId}|d-forged");
    }

    [Fact]
    public async Task Verify_EveryEntryAndTheHeadDeleted_IsDetected()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "DELETE FROM audit_entries", "DELETE FROM audit_head");

        var report = await store.VerifyAuditAsync();
        Assert.False(report.IsIntact);
        Assert.Contains(Errors(report), p => p.Location == $"patients {DemoCase.PatientId}");
    }

    // Reopening the store (as every CLI command does) must not re-key or baseline a wiped trail: that would certify the tampering.
    [Fact]
    public async Task Verify_EveryEntryAndTheHeadDeletedThenReopened_IsDetectedAndNothingIsAttested()
    {
        var store = await StoreAsync();
        await AttackAsync(store, $"UPDATE lab_results SET \"ReportedValue\" = 9 WHERE \"PatientId\" = '{DemoCase.PatientId}'", "DELETE FROM audit_entries", "DELETE FROM audit_head");

        var reopened = await fixture.OpenAsync(store.Location, opening: StoreOpening.Existing);
        var write = await Assert.ThrowsAsync<AuditKeyException>(() => reopened.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs)));

        Assert.Equal(AuditIssues.NotIntact, write.Code);
        var report = await reopened.VerifyAuditAsync();
        Assert.False(report.IsIntact);
        Assert.Contains(Errors(report), p => p.Location == "audit head");
        Assert.Contains(Errors(report), p => p.Location.StartsWith("lab_results ", StringComparison.Ordinal));
        await using var db = fixture.Administrator(store).CreateContext("reader");
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Verify_EveryMacAndTheHeadKeyRemovedWithTheChainRecomputedThenReopened_IsDetected()
    {
        var store = await StoreAsync();
        var lab = DemoCase.Build().Labs[0];
        var entry = (await store.AuditOfAsync("lab_results", $"{DemoCase.PatientId}|{lab.Id}")).Single();
        await AttackAsync(store, $"UPDATE lab_results SET \"ReportedValue\" = 1 WHERE \"PatientId\" = '{DemoCase.PatientId}' AND \"Id\" = '{lab.Id}'");
        await RewriteChainAsync(store, e => e.After = e.After!.Replace($"\"ReportedValue\":{lab.Reported.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)},", "\"ReportedValue\":1,", StringComparison.Ordinal), entry.Sequence);
        await AttackAsync(store, "UPDATE audit_entries SET \"Mac\" = NULL", "UPDATE audit_head SET \"Mac\" = NULL, \"KeyId\" = NULL");
        long entries;
        await using (var db = fixture.Administrator(store).CreateContext("reader"))
        {
            entries = await db.AuditEntries.CountAsync();
        }

        var reopened = await fixture.OpenAsync(store.Location, opening: StoreOpening.Existing);
        // A write after the attack must not sign over it (it attested the stripped head and verify then passed).
        await Assert.ThrowsAsync<AuditKeyException>(() => reopened.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs)));

        var report = await reopened.VerifyAuditAsync();
        Assert.False(report.IsIntact);
        Assert.Contains(Errors(report), p => p.Location == "audit head" && p.Message.Contains("no key id", StringComparison.Ordinal));
        await using var after = fixture.Administrator(store).CreateContext("reader");
        Assert.Equal(entries, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Verify_EntryInTheMiddleDeleted_IsDetected()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "DELETE FROM audit_entries WHERE \"Sequence\" = 7");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "audit entry 8");
    }

    [Fact]
    public async Task Verify_NewestEntriesRemovedAndHeadRolledBack_RowsKept_IsDetected()
    {
        var store = await StoreAsync();
        var before = await HeadAsync(store);
        (await store.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs))).ValueOrThrow();

        await AttackAsync(store, $"DELETE FROM audit_entries WHERE \"Sequence\" > {before}",
            $"UPDATE audit_head SET \"Sequence\" = {before}, \"Hash\" = (SELECT \"Hash\" FROM audit_entries WHERE \"Sequence\" = {before})");

        var report = await store.VerifyAuditAsync();
        Assert.Contains(Errors(report), p => p.Location.StartsWith("lab_results ", StringComparison.Ordinal));
        Assert.Contains(Errors(report), p => p.Location == "audit head");
    }

    [Fact]
    public async Task Verify_PerfectRollbackOfTheNewestWrite_NeedsAnAnchorAndIsDetectedWithOne()
    {
        var store = await StoreAsync();
        var before = await HeadAsync(store);
        AuditHeadRow head;
        await using (var db = fixture.Administrator(store).CreateContext("attacker"))
        {
            head = await db.AuditHead.AsNoTracking().SingleAsync();
        }

        (await store.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs))).ValueOrThrow();
        var anchor = await store.AnchorAsync();

        // The import's entries, rows and raw file removed, and the head restored exactly as it was (its MAC too).
        await AttackAsync(store, $"DELETE FROM audit_entries WHERE \"Sequence\" > {before}",
            "DELETE FROM lab_results WHERE \"SourceSha256\" IN (SELECT \"Sha256\" FROM raw_files WHERE \"FileName\" = 'more.csv')",
            "DELETE FROM raw_files WHERE \"FileName\" = 'more.csv'",
            $"UPDATE audit_head SET \"Sequence\" = {head.Sequence}, \"Hash\" = '{head.Hash}', \"Mac\" = '{head.Mac}'");

        var unanchored = await store.VerifyAuditAsync();
        Assert.True(unanchored.IsIntact, "without an anchor a rollback that removes its rows too is consistent: " + string.Join("; ", Errors(unanchored)));
        var anchored = await store.VerifyAuditAsync([anchor]);
        Assert.Contains(Errors(anchored), p => p.Code == AuditIssues.AnchorMismatch);
    }

    [Fact]
    public async Task Verify_EntryForgedWithTheChainRecomputed_FailsItsMac()
    {
        var store = await StoreAsync();
        var lab = DemoCase.Build().Labs[0];
        var entry = (await store.AuditOfAsync("lab_results", $"{DemoCase.PatientId}|{lab.Id}")).Single();

        await AttackAsync(store, $"UPDATE lab_results SET \"ReportedValue\" = 1 WHERE \"PatientId\" = '{DemoCase.PatientId}' AND \"Id\" = '{lab.Id}'");
        await RewriteChainAsync(store, e => e.After = e.After!.Replace($"\"ReportedValue\":{lab.Reported.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)},", "\"ReportedValue\":1,", StringComparison.Ordinal), entry.Sequence);

        var report = await store.VerifyAuditAsync();
        Assert.Contains(Errors(report), p => p.Location == $"audit entry {entry.Sequence}" && p.Message.Contains("MAC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_EntryBackdatedWithTheChainRecomputed_FailsItsMac()
    {
        var store = await StoreAsync();

        await RewriteChainAsync(store, e => e.AtUtc = e.AtUtc.AddDays(-30), 5);

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "audit entry 5" && p.Message.Contains("MAC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_EveryMacRemoved_IsDetected()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "UPDATE audit_entries SET \"Mac\" = NULL");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "audit trail");
    }

    [Fact]
    public async Task Verify_HeadChanged_IsDetected()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "UPDATE audit_head SET \"DatabaseId\" = 'another'");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "audit head");
    }

    [Fact]
    public async Task Verify_RawFileBytesCorrupted_IsDetected()
    {
        var store = await StoreAsync();
        var garbage = fixture.Provider == StoreProvider.Sqlite ? "X'676172626167'" : "'\\x676172626167'::bytea";

        await AttackAsync(store, $"UPDATE raw_files SET \"Content\" = {garbage} WHERE \"FileName\" = 'labs.csv'");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location.StartsWith("raw_files ", StringComparison.Ordinal) && p.Message.Contains("no longer hashes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DerivedValueChanged_IsDetected()
    {
        var store = await StoreAsync();
        var assessment = CourseAssessment.Assess((await store.LoadCourseAsync(DemoCase.PatientId))!, TreatmentProtocol.SeedCase).ValueOrThrow();
        await store.SaveDerivedEgfrAsync(DemoCase.PatientId, assessment.Renal.Points);

        await AttackAsync(store, "UPDATE derived_egfr SET \"Value\" = \"Value\" + 20");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location.StartsWith("derived_egfr ", StringComparison.Ordinal));
    }

    // The identity store's trail is protected like the main one, and its protection is checked too (it was not).
    [Fact]
    public async Task Verify_IdentityTrailTriggerDropped_IsReported()
    {
        var store = await StoreAsync();
        await using (var db = fixture.Administrator(store).CreateContext("attacker"))
        {
            await db.Database.ExecuteSqlRawAsync(fixture.Provider == StoreProvider.Sqlite
                ? "DROP TRIGGER patient_identity_audit_no_update"
                : "ALTER TABLE patient_identity_audit DISABLE TRIGGER patient_identity_audit_no_change");
        }

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Code == AuditIssues.Unprotected && p.Message.Contains("patient_identity_audit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_TriggersDropped_IsReported()
    {
        var store = await StoreAsync();

        if (fixture.Provider == StoreProvider.Sqlite)
        {
            await AttackAsync(store, restoreTriggers: false);
        }
        else
        {
            await AttackAsync(store, "ALTER TABLE audit_entries DISABLE TRIGGER USER");
        }

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Code == AuditIssues.Unprotected);
    }

    [Fact]
    public async Task Verify_IdentityChangedOutsideStroma_IsDetectedByItsKeyedHash()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "UPDATE patient_identities SET \"Name\" = 'Mallory'");

        var report = await store.VerifyAuditAsync();
        Assert.Contains(Errors(report), p => p.Location == $"patient_identities {DemoCase.PatientId}");
    }

    [Fact]
    public async Task Verify_IdentityTrailEntryChanged_IsDetected()
    {
        var store = await StoreAsync();

        await AttackAsync(store, "UPDATE patient_identity_audit SET \"Actor\" = 'someone else'");

        Assert.Contains(Errors(await store.VerifyAuditAsync()), p => p.Location == "identity trail entry 1");
    }

    [Fact]
    public async Task Verify_OlderCopyOfTheDatabase_IsDetectedByALaterAnchor()
    {
        var store = await StoreAsync();
        var older = await fixture.CopyAsync(store);
        (await store.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs))).ValueOrThrow();
        var anchor = await store.AnchorAsync();

        var report = await older.VerifyAuditAsync([anchor]);

        Assert.True((await older.VerifyAuditAsync()).IsIntact, "an older copy is consistent in itself");
        Assert.Contains(Errors(report), p => p.Code == AuditIssues.AnchorMismatch);
        Assert.True((await store.VerifyAuditAsync([anchor])).IsIntact);
    }

    [Fact]
    public async Task Verify_AnchorAltered_IsRefused()
    {
        var store = await StoreAsync();
        var anchor = await store.AnchorAsync();

        var report = await store.VerifyAuditAsync([anchor with { Sequence = anchor.Sequence - 1 }]);

        Assert.Contains(Errors(report), p => p.Code == AuditIssues.BadAnchor);
    }

    [Fact]
    public async Task Verify_AnchorOfAnotherDatabase_IsRefused()
    {
        var store = await StoreAsync();
        var other = await StoreAsync();

        var report = await store.VerifyAuditAsync([await other.AnchorAsync()]);

        Assert.Contains(Errors(report), p => p.Code is AuditIssues.AnchorMismatch or AuditIssues.BadAnchor);
    }

    [Fact]
    public async Task Verify_WithAnotherKey_IsNotIntact()
    {
        var store = await StoreAsync();
        var stranger = await StromaStore.OpenAsync(store.Location, "auditor", StoreOpening.Existing, AuditKey.NewRandom());

        var report = await stranger.VerifyAuditAsync();

        Assert.Contains(Errors(report), p => p.Code == AuditIssues.KeyMalformed);
    }

    [Fact]
    public async Task Write_WithAnotherKey_IsRefusedAndWritesNothing()
    {
        var store = await StoreAsync();
        var stranger = await StromaStore.OpenAsync(store.Location, "intruder", StoreOpening.Existing, AuditKey.NewRandom());

        await Assert.ThrowsAsync<AuditKeyException>(() => stranger.ImportLabsAsync(DemoCase.PatientId, "more.csv", Encoding.UTF8.GetBytes(MoreLabs)));

        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }

    [Fact]
    public async Task AppConnection_CannotChangeRemoveOrRollBackTheTrail()
    {
        var store = await StoreAsync();
        await using var db = store.Context();
        await db.Database.OpenConnectionAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Actor\" = 'mallory' WHERE \"Sequence\" = 3"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 3"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_head SET \"Sequence\" = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_head"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM patient_identity_audit"));
        if (fixture.Provider == StoreProvider.Postgres)
        {
            // The application role can neither go around the triggers nor switch them off.
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER USER"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));
            Assert.DoesNotContain((await store.VerifyAuditAsync()).Problems, p => p.Code == AuditIssues.Unprotected);
        }

        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }
}

public sealed class SqliteTamperTests(SqliteFixture fixture) : TamperTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresTamperTests(PostgresFixture fixture) : TamperTests(fixture), IClassFixture<PostgresFixture>;
