using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Stroma.Core.Course;
using Stroma.Web.Accounts;
using Stroma.Web.Features.Patients;

namespace Stroma.Web.Tests;

/// <summary>
/// The patient routes admit exactly the ids <see cref="PatientIds.IsValid"/> admits (checked through routing's own constraint, which
/// matches case-insensitively), and a malformed id is a 404 on every kind of patient page and endpoint, never a page or an error.
/// </summary>
public sealed class PatientRoutesTests(WebFixture web)
{
    public static TheoryData<string> Ids() =>
    [
        "DEMO-001", "a", "9", "P.1_x-2", new string('x', 64), new string('x', 65), "-a", ".a", "_a", "a b", "..", "a\n", "a\r\n", "a\0", "é", "\u212A",
        "\u212Aelvin", "ı", "ＤＥＭＯ", "DEMO-001 ", " DEMO-001", "a:b", "a%2e", "a\u200Bb",
    ];

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheRouteConstraint_AdmitsExactlyTheWellFormedIds(string id)
    {
        var pattern = RoutePatternFactory.Parse(PatientRoutes.Patient);
        var parameter = Assert.Single(pattern.Parameters);
        var policy = Assert.Single(parameter.ParameterPolicies);
        Assert.StartsWith("regex(", policy.Content, StringComparison.Ordinal);
        var constraint = new RegexInlineRouteConstraint(policy.Content!["regex(".Length..^1]); // what AddRouting registers as "regex"

        var admitted = constraint.Match(null, null, parameter.Name, new RouteValueDictionary { [parameter.Name] = id }, RouteDirection.IncomingRequest);

        Assert.Equal(PatientIds.IsValid(id), admitted);
    }

    public static TheoryData<string> MalformedPaths() =>
    [
        "/patients/-DEMO", "/patients/DEMO%20001", "/patients/%E2%84%AA", "/patients/DEMO-001%0A", "/patients/" + new string('x', 65),
        "/patients/-DEMO/labs/new", "/patients/DEMO%20001/plots/egfr.svg", "/patients/..%2F/export.xlsx", "/api/patients/-DEMO",
        "/api/patients/%E2%84%AA/assessment", "/patients/-DEMO/str/upload", "/patients/-DEMO/trail/labs/lab-1",
    ];

    [Theory]
    [MemberData(nameof(MalformedPaths))]
    public async Task AMalformedId_IsNotFound_EverywhereBelowPatients(string path)
    {
        var client = await web.SignedInAsync(Roles.Clinician);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AWellFormedId_StillReachesItsPages()
    {
        var client = await web.SignedInAsync(Roles.Clinician);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients/DEMO-001")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients/DEMO-001/labs/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/patients/DEMO-001/assessment")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/patients/NO-SUCH-PATIENT")).StatusCode);
    }
}
