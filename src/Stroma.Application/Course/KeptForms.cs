using System.Text;
using Stroma.Application.Json;
using Stroma.Core;

namespace Stroma.Application.Course;

/// <summary>
/// A form as it was typed, kept as the raw input of the record written from it: every field as typed, with the patient, the record's
/// id, the site's time zone that read its times and an amendment's reason. Stored under its SHA-256 and linked to the record (its
/// trail lists it), so a stored value traces to what was entered, as an imported file's records trace to the file.
/// </summary>
/// <typeparam name="T">The form's fields.</typeparam>
/// <param name="Form">Which form (<c>lab</c>, <c>plasma-exchange</c>, <c>drug</c>, <c>event</c>, <c>adverse-event</c>, <c>biopsy</c>, <c>infusion</c>).</param>
/// <param name="Patient">The patient's id.</param>
/// <param name="Record">The record's id.</param>
/// <param name="TimeZone">The site's time zone the form's local times were read in, or null when none is set.</param>
/// <param name="Reason">An amendment's reason, or null for a new record.</param>
/// <param name="Fields">The fields as typed.</param>
public sealed record KeptForm<T>(string Form, string Patient, string Record, string? TimeZone, string? Reason, T Fields)
{
    /// <summary>The form as its raw input, named <c>FORM-form-RECORD.json</c>, serialised with the one JSON policy.</summary>
    public RawInput ToInput() => RawInput.Of($"{Form}-form-{Record}.json", Encoding.UTF8.GetBytes(StromaJson.Serialize(this)));
}
