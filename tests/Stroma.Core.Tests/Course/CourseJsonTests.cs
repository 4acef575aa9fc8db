using System.Text;
using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

public sealed class CourseJsonTests
{
    internal const string Good = """
        {
          "patient": { "id": "P-77", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS",
                       "transplants": [ { "date": "2023-01-10", "donorType": "LivingRelated" } ], "recurrenceDate": "2023-01-20" },
          "identity": { "name": "Jane Example", "hospitalNumber": "H-123" },
          "sessions": [ { "id": "s1", "at": "2025-02-01T10:00:00+01:00", "plasmaVolumes": 1.2, "replacementFluid": "5% albumin" } ],
          "infusions": [
            { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-9", "cellsPerKilogram": 1.5e6, "weight": { "value": 40, "unit": "kg" }, "route": "IV" },
            { "id": "i2", "at": "2025-03-15T10:00:00+01:00", "lotId": "LOT-9", "totalCells": 6.3e7, "weight": { "value": 42, "unit": "kg" }, "route": "IV" }
          ],
          "drugs": [ { "id": "d1", "name": "tacrolimus", "start": "2023-01-10" } ],
          "events": [ { "id": "e1", "at": "2025-02-20T09:00:00+01:00", "kind": "Biopsy", "description": "Pre-treatment biopsy" } ],
          "labs": [ { "id": "l1", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 700, "unit": "mg/mmol", "specimen": "first_morning_urine" } ]
        }
        """;

    private static Diagnostics.ReadResult<(PatientCourse Course, PatientIdentity? Identity)> Read(string json) => CourseJson.Read(Encoding.UTF8.GetBytes(json), "c.json");

    [Fact]
    public void Read_GoodDocument_BuildsTheCourseAndComputesTheMissingDose()
    {
        var (course, identity) = Read(Good).ValueOrThrow();

        Assert.Equal(Sex.Female, course.Patient.Sex);
        Assert.Equal(DonorType.LivingRelated, Assert.Single(course.Patient.Transplants).DonorType);
        Assert.Equal("Jane Example", identity!.Name);
        Assert.Equal(60e6, course.Infusions[0].TotalCells, 1e-3);
        Assert.Equal(1.5e6, course.Infusions[1].Dose.CellsPerKilogram, 1e-3);
        Assert.Equal(700 / 113.12, Assert.Single(course.Labs).Value, 1e-12);
        Assert.Equal(TimeSpan.FromHours(1), course.Sessions[0].At.Offset);
    }

    [Theory]
    [InlineData("\"sex\": \"F\"", "\"sex\": \"X\"", "c.json $.patient.sex", "COURSEJSON002")]
    [InlineData("\"at\": \"2025-02-01T10:00:00+01:00\"", "\"at\": \"2025-02-01T10:00:00\"", "c.json $.sessions[0].at", "COURSEJSON002")]
    [InlineData("\"unit\": \"kg\"", "\"unit\": \"stone\"", "c.json $.infusions[0].weight", "QTY003")]
    [InlineData("\"cellsPerKilogram\": 1.5e6,", "\"cellsPerKilogram\": 1.5e6, \"totalCells\": 6e7,", "c.json $.infusions[0]", "COURSEJSON002")]
    [InlineData("\"value\": 700", "\"value\": -700", "c.json $.labs[0]", "QTY002")]
    [InlineData("\"kind\": \"Biopsy\"", "\"kind\": \"Autopsy\"", "c.json $.events[0].kind", "COURSEJSON002")]
    [InlineData("\"id\": \"d1\"", "\"id\": \"d1\", \"dosage\": 3", "c.json $.drugs[0].dosage", "COURSEJSON001")]
    [InlineData("\"id\": \"s1\"", "\"id\": \"s1\", \"plasmaVolume\": 2", "c.json $.sessions[0].plasmaVolume", "COURSEJSON001")]
    [InlineData("\"id\": \"P-77\"", "\"id\": \"  \"", "c.json $.patient.id", "COURSEJSON002")]
    [InlineData("\"id\": \"P-77\"", "\"id\": \"../../etc/passwd\"", "c.json $.patient.id", "COURSEJSON002")]
    [InlineData("\"id\": \"P-77\"", "\"id\": \"P\\u001b[31m-77\"", "c.json $.patient.id", "COURSEJSON002")]
    [InlineData("\"id\": \"P-77\"", "\"id\": \"Jane Example\"", "c.json $.patient.id", "COURSEJSON002")]
    [InlineData("\"name\": \"Jane Example\"", "\"name\": \"Jane\\nExample\"", "c.json $.identity.name", "COURSEJSON002")]
    [InlineData("\"hospitalNumber\": \"H-123\"", "\"hospitalNumber\": \" \"", "c.json $.identity.hospitalNumber", "COURSEJSON002")]
    public void Read_BadValue_ReportsCodeAndPath(string find, string replace, string location, string code)
    {
        var result = Read(Good.Replace(find, replace, StringComparison.Ordinal));

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == code && i.Location.StartsWith(location, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_PatientIdOfAMillionCharacters_IsRefusedShowingOnlyItsStart()
    {
        var result = Read(Good.Replace("\"id\": \"P-77\"", $"\"id\": \"{new string('A', 1_000_000)}\"", StringComparison.Ordinal));

        var issue = Assert.Single(result.Issues, i => i.Location == "c.json $.patient.id");
        Assert.Contains("(1000000 characters)", issue.Message, StringComparison.Ordinal);
        Assert.True(issue.Message.Length < 400);
    }

    [Fact]
    public void Read_MissingRequiredProperty_IsMalformed() =>
        Assert.Equal(CourseJsonIssues.Malformed, Assert.Single(Read("""{ "patient": { "id": "x", "sex": "F", "primaryDisease": "FSGS" } }""").Issues).Code);

    [Fact]
    public void Read_DuplicateIds_AreReported() =>
        Assert.Contains(Read(Good.Replace("\"id\": \"i2\"", "\"id\": \"i1\"", StringComparison.Ordinal)).Issues, i => i.Code == CourseJsonIssues.DuplicateId);
}
