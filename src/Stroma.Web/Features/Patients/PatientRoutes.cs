using Stroma.Core.Course;

namespace Stroma.Web.Features.Patients;

/// <summary>
/// The one route template of a patient's pages and endpoints: <c>/patients/{Id}</c> constrained to <see cref="PatientIds.IsValid"/>,
/// so a malformed id is a 404 from routing and every page and endpoint below it holds a well-formed <see cref="PatientId"/>.
/// </summary>
public static class PatientRoutes
{
    /// <summary>
    /// <see cref="PatientIds.IsValid"/> as a route regex. Routing matches constraints case-insensitively (where the Kelvin sign
    /// matches 'k'), hence <c>(?-i)</c>; <c>\z</c>, not <c>$</c>, which would match before a final newline. The quantifier's braces are
    /// doubled, as a route template escapes them.
    /// </summary>
    public const string IdPattern = @"^(?-i)[A-Za-z0-9][A-Za-z0-9._-]{{0,63}}\z";

    /// <summary>A patient's page; the pages and endpoints below it append to it.</summary>
    public const string Patient = "/patients/{Id:regex(" + IdPattern + ")}";
}
