using Stroma.Storage;

namespace Stroma.Web.Accounts;

/// <summary>The demo database's accounts: one per role, named after it, with a new password on every start (printed once).</summary>
public static class DemoAccounts
{
    /// <summary>The demo accounts' user names and roles.</summary>
    public static IReadOnlyList<(string User, string Role)> All { get; } =
    [
        ("clinician", Roles.Clinician), ("nurse", Roles.ResearchNurse), ("cell-factory", Roles.CellFactory), (Application.Demo.DemoQualifiedPerson.UserName, Roles.QualifiedPerson), ("molecular-lab", Roles.MolecularLab),
        ("pathologist", Roles.Pathologist), ("researcher", Roles.Researcher), ("admin", Roles.Administrator),
    ];

    /// <summary>Creates the demo accounts, or gives the existing ones new passwords (one batch: one migration check, one set of services); returns each with its password.</summary>
    public static async Task<IReadOnlyList<NewAccount>> EnsureAsync(StromaStore store, CancellationToken ct)
    {
        await using var admin = await AccountAdmin.OpenAsync(store, ct);
        var made = new List<NewAccount>();
        foreach (var (user, role) in All)
        {
            var added = await admin.AddUserAsync(user, role, $"Demo {role}", null, ct);
            made.Add(added.Value ?? (await admin.ResetPasswordAsync(user, ct)).ValueOrThrow());
        }

        return made;
    }
}
