using System.Globalization;
using Hl7.Fhir.Model;
using static Stroma.Fhir.Export.FhirValues;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;

namespace Stroma.Fhir.Export;

/// <summary>Chimerism, biomarker series and the raw files they were measured from.</summary>
public static partial class CourseBundle
{
    private const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    private const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    // RFC 3986 URIs as identifier values (FHIR's rule for an identifier that is a URI).
    private const string UriSystem = "urn:ietf:rfc:3986";

    private sealed partial class Builder
    {
        // The raw files already written as DocumentReferences (by SHA-256), so each appears once however many results cite it.
        private readonly HashSet<string> _rawFiles = new(StringComparer.Ordinal);

        /// <summary>
        /// A raw file as a DocumentReference, once per SHA-256. R4's <c>Attachment.hash</c> is SHA-1 (base64), which is not what Stroma keeps
        /// files by and is no longer collision-resistant, so the SHA-256 goes in two identifiers: an RFC 6920 "named information" URI
        /// (<c>ni:///sha-256;…</c>, base64url) that any reader can check against the file's bytes, and Stroma's raw-file identifier (the
        /// hex digest the store keys the bytes by). The bytes stay in Stroma: the attachment names the file, not its content.
        /// </summary>
        private ResourceReference RawFile(string sha256, string? fileName, string contentType, string description)
        {
            if (_rawFiles.Add(sha256))
            {
                Add(new DocumentReference
                {
                    Identifier =
                    [
                        new Identifier(UriSystem, "ni:///sha-256;" + Base64Url(Convert.FromHexString(sha256))),
                        Identifier("raw-file", sha256),
                    ],
                    Status = DocumentReferenceStatus.Current,
                    Type = new CodeableConcept { Text = description },
                    Subject = PatientReference,
                    Description = description,
                    Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = contentType, Title = fileName } }],
                }, "raw-file", sha256);
            }

            return Reference("raw-file", sha256);
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>
        /// One Observation per chimerism result (sample × contributor): the share in % (or "&lt; LOD %" when not detected), the limit of
        /// detection, the SD over loci and the loci counted in extensions, the method and its version, the sample's material and time in a
        /// contained Specimen, and <c>derivedFrom</c> the raw files: the sample's electropherogram, the contributor's reference sample's and
        /// the allelic ladder's.
        /// </summary>
        public void AddChimerism()
        {
            var samples = Export.StrSamples.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var c in Export.Chimerism.OrderBy(c => c.SampleId, StringComparer.Ordinal).ThenBy(c => c.Contributor, StringComparer.Ordinal))
            {
                samples.TryGetValue(c.SampleId, out var sample);
                var obs = new Observation
                {
                    Identifier = [Identifier("chimerism", c.Id)],
                    Status = ObservationStatus.Final,
                    Category = [new CodeableConcept(StromaTerminology.ObservationCategory, "laboratory")],
                    // No LOINC code says "share of one named contributor by STR fragment analysis": a Stroma code, never an invented LOINC one.
                    Code = new CodeableConcept { Coding = [LocalCode(Codes.ChimerismPrefix + c.Contributor, "Chimerism: " + c.Contributor)], Text = "Chimerism (STR): " + c.Contributor + " share" },
                    Subject = PatientReference,
                    Method = new CodeableConcept { Text = c.Method },
                    Note = [new Annotation { Text = c.Text }],
                };
                if (c.Percent is { } percent)
                {
                    obs.Value = Ucum(percent, "%");
                }
                else if (!c.Detected)
                {
                    var below = Ucum(c.LimitOfDetectionPercent, "%");
                    below.Comparator = Quantity.QuantityComparator.LessThan;
                    obs.Value = below;
                    obs.Interpretation = [new CodeableConcept(Interpretation, "ND", "Not detected")];
                }
                else
                {
                    obs.DataAbsentReason = new CodeableConcept(DataAbsentReason, "error", "Error") { Text = c.Text };
                }

                obs.Extension.Add(new Extension(Ext.LimitOfDetection, Ucum(c.LimitOfDetectionPercent, "%")));
                if (c.StandardDeviation is { } sd)
                {
                    obs.Extension.Add(new Extension(Ext.StandardDeviation, Ucum(sd, "%")));
                }

                obs.Extension.Add(new Extension(Ext.InformativeLoci, new Integer(c.InformativeLoci)));
                obs.Extension.Add(new Extension(Ext.LociUsed, new Integer(c.LociUsed)));
                if (sample is not null)
                {
                    if (sample.SampledAt is { } at)
                    {
                        obs.Effective = DateTime(at);
                    }

                    obs.Contained.Add(new Specimen
                    {
                        Id = "specimen",
                        Identifier = [Identifier("str-sample", sample.Id)],
                        Type = new CodeableConcept { Text = sample.Material },
                        Collection = sample.SampledAt is { } collected ? new Specimen.CollectionComponent { Collected = DateTime(collected) } : null,
                    });
                    obs.Specimen = new ResourceReference("#specimen");
                    obs.DerivedFrom.Add(RawFile(sample.FileSha256, sample.FileName, AbifMediaType, $"STR electropherogram ({sample.Role}, {sample.Kit})"));
                    if (samples.TryGetValue(c.ReferenceSampleId, out var reference))
                    {
                        obs.DerivedFrom.Add(RawFile(reference.FileSha256, reference.FileName, AbifMediaType, $"STR electropherogram ({reference.Role}, {reference.Kit})"));
                    }

                    obs.DerivedFrom.Add(RawFile(sample.LadderSha256, null, AbifMediaType, $"Allelic ladder ({sample.Kit})"));
                }

                Add(obs, "chimerism", c.Id);
            }
        }

        /// <summary>
        /// One Observation per biomarker value (a series' study day): a concentration in its UCUM unit from a standard curve, or an array
        /// signal normalised to the reference spots (UCUM <c>{ratio}</c>), or "not detected"; dated by day 0 plus the study day (a date: the
        /// day is the value's precision), <c>derivedFrom</c> the raw source file.
        /// </summary>
        public void AddBiomarkers()
        {
            if (Export.Biomarkers is not { } stored || Export.Course.DayZero is not { } dayZero)
            {
                return;
            }

            var sources = stored.Sources.IsDefault ? [] : stored.Sources.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var (series, points) in stored.Series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var unit = stored.UnitBySeries.GetValueOrDefault(series, string.Empty);
                var isArray = unit == Storage.StromaStore.Ratio;
                var analyte = isArray && series.EndsWith(ArraySuffix, StringComparison.Ordinal) ? series[..^ArraySuffix.Length] : series;
                foreach (var point in points)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"{series}/{point.Day}/{point.Source}");
                    var day = dayZero.AddDays(point.Day);
                    var obs = new Observation
                    {
                        Identifier = [Identifier("biomarker", key)],
                        Status = ObservationStatus.Final,
                        Category = [new CodeableConcept(StromaTerminology.ObservationCategory, "laboratory")],
                        Code = new CodeableConcept { Coding = [LocalCode(Codes.BiomarkerPrefix + analyte, analyte)], Text = analyte + (isArray ? " (array signal)" : string.Empty) },
                        Subject = PatientReference,
                        Effective = new FhirDateTime(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                        Method = new CodeableConcept
                        {
                            Text = isArray
                                ? "Antibody array: integrated spot density normalised to the reference spots (dimensionless ratio)"
                                : "Immunoassay on a standard curve (4PL/5PL), concentration as reported",
                        },
                    };
                    obs.Extension.Add(new Extension(Ext.StudyDay, new Integer(point.Day)));
                    if (point.Value is { } value)
                    {
                        obs.Value = Ucum(value, unit);
                    }
                    else
                    {
                        obs.DataAbsentReason = new CodeableConcept(DataAbsentReason, "not-applicable", "Not Applicable") { Text = "not detected" };
                        obs.Interpretation = [new CodeableConcept(Interpretation, "ND", "Not detected")];
                    }

                    if (point.Source is { } name && sources.TryGetValue(name, out var source))
                    {
                        obs.DerivedFrom.Add(RawFile(source.Sha256, source.Name, isArray ? "text/tab-separated-values" : "text/plain", "Biomarker source file (" + source.Unit + ")"));
                    }

                    Add(obs, "biomarker", key);
                }
            }
        }
    }

    private const string ArraySuffix = " (array)";

    // ABIF (.fsa, .hid), as Stroma keeps STR runs.
    private const string AbifMediaType = "application/x-abif";
}
