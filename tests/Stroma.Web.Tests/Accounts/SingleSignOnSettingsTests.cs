using Stroma.Web.Accounts;

namespace Stroma.Web.Tests.Accounts;

/// <summary>The single sign-on settings: off unless an authority is set; every problem named at its setting; the secret never from the database.</summary>
public sealed class SingleSignOnSettingsTests
{
    private static readonly Dictionary<string, string> Good = new()
    {
        [SingleSignOnSettings.AuthorityKey] = "https://login.example.org/realms/hospital", [SingleSignOnSettings.ClientIdKey] = "stroma",
        [SingleSignOnSettings.RolesKey] = "/stroma/clinicians=clinician;Stroma Admins=admin",
    };

    private static Func<string, string?> Settings(Dictionary<string, string> values) => k => values.GetValueOrDefault(k);

    private static readonly Func<string, string?> WithSecret = v => v == SingleSignOnSettings.SecretVariable ? "s3cret" : null;

    [Fact]
    public void Read_WithoutAnAuthority_IsOff()
    {
        var read = SingleSignOnSettings.Read(_ => null, WithSecret);
        Assert.False(read.HasErrors);
        Assert.Null(read.Value);
    }

    [Fact]
    public void Read_GoodSettings_MapsGroupsExplicitly_WithDefaultsForTheRest()
    {
        var sso = SingleSignOnSettings.Read(Settings(Good), WithSecret).ValueOrThrow()!;

        Assert.Equal(("s3cret", "groups", "preferred_username", false, false), (sso.ClientSecret, sso.RoleClaim, sso.UserClaim, sso.CreateAccounts, sso.Only));
        Assert.Equal([Roles.Administrator, Roles.Clinician], sso.RolesFor(["Stroma Admins", "/stroma/clinicians", "other"]));
        Assert.Empty(sso.RolesFor(["stroma admins", "/stroma/Clinicians", ""]));
    }

    [Fact]
    public void Read_SecretFromAFile_IsPreferred_AndAMissingFileIsNamed()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file\n");
        try
        {
            var sso = SingleSignOnSettings.Read(Settings(Good), v => v == SingleSignOnSettings.SecretFileVariable ? file : "from-variable").ValueOrThrow()!;
            Assert.Equal("from-file", sso.ClientSecret);
        }
        finally
        {
            File.Delete(file);
        }

        var missing = SingleSignOnSettings.Read(Settings(Good), v => v == SingleSignOnSettings.SecretFileVariable ? file : null);
        Assert.Equal([(SingleSignOnIssues.Missing, SingleSignOnSettings.SecretFileVariable)], missing.Issues.Select(i => (i.Code, i.Location)));
        var none = SingleSignOnSettings.Read(Settings(Good), _ => null);
        Assert.Equal([(SingleSignOnIssues.Missing, SingleSignOnSettings.SecretFileVariable)], none.Issues.Select(i => (i.Code, i.Location)));
    }

    [Theory]
    [InlineData(SingleSignOnSettings.AuthorityKey, "http://login.example.org", SingleSignOnIssues.BadAuthority)]
    [InlineData(SingleSignOnSettings.AuthorityKey, "login.example.org", SingleSignOnIssues.BadAuthority)]
    [InlineData(SingleSignOnSettings.AuthorityKey, "https://login.example.org/?x=1", SingleSignOnIssues.BadAuthority)]
    [InlineData(SingleSignOnSettings.RolesKey, "clinicians=doctor", SingleSignOnIssues.BadMapping)]
    [InlineData(SingleSignOnSettings.RolesKey, "clinicians", SingleSignOnIssues.BadMapping)]
    [InlineData(SingleSignOnSettings.RolesKey, "a=clinician;a=admin", SingleSignOnIssues.BadMapping)]
    [InlineData(SingleSignOnSettings.RolesKey, " ; ", SingleSignOnIssues.BadMapping)]
    [InlineData(SingleSignOnSettings.RoleClaimKey, "groups claim", SingleSignOnIssues.BadValue)]
    [InlineData(SingleSignOnSettings.OnlyKey, "yes", SingleSignOnIssues.BadValue)]
    [InlineData(SingleSignOnSettings.DisplayNameKey, "Hospital\u202ELogin", SingleSignOnIssues.BadValue)]
    [InlineData(SingleSignOnSettings.PublicUrlKey, "http://stroma.hospital.example", SingleSignOnIssues.BadValue)]
    public void Read_ABadValue_IsNamedAtItsSetting(string key, string value, string code)
    {
        var read = SingleSignOnSettings.Read(Settings(new Dictionary<string, string>(Good) { [key] = value }), WithSecret);

        Assert.Equal([(code, key)], read.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal((code, key), SingleSignOnSettings.CheckValue(key, value) is { } issue ? (issue.Code, issue.Location) : default);
    }

    [Fact]
    public void Read_WithoutClientIdOrMapping_NamesBoth()
    {
        var read = SingleSignOnSettings.Read(Settings(new Dictionary<string, string> { [SingleSignOnSettings.AuthorityKey] = "http://127.0.0.1:8080/realms/test" }), WithSecret);
        Assert.Equal([(SingleSignOnIssues.Missing, SingleSignOnSettings.ClientIdKey), (SingleSignOnIssues.Missing, SingleSignOnSettings.RolesKey)], read.Issues.Select(i => (i.Code, i.Location)));
    }
}
