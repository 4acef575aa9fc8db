namespace Stroma.Web.Features.Str;

/// <summary>The addresses of a patient's STR pages: the run upload, a sample's review page and its electropherogram.</summary>
public static class StrPaths
{
    /// <summary>The upload page of a run for the patient.</summary>
    public static string Upload(string patientId) => $"/patients/{Uri.EscapeDataString(patientId)}/str/upload";

    /// <summary>A kept sample's review page, zoomed to a locus when one is given.</summary>
    public static string Sample(string patientId, string sampleId, string? locus = null) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/str/{Uri.EscapeDataString(sampleId)}{(locus is null ? string.Empty : "?locus=" + Uri.EscapeDataString(locus))}";

    /// <summary>A kept sample's electropherogram as an SVG file to download (zoomed to a locus when one is given).</summary>
    public static string Svg(string patientId, string sampleId, string? locus = null) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/str/{Uri.EscapeDataString(sampleId)}/electropherogram.svg{(locus is null ? string.Empty : "?locus=" + Uri.EscapeDataString(locus))}";

    /// <summary>The form that reviews a call of a kept sample (at a locus when one is given), and starts a new version of a signed result.</summary>
    public static string Review(string patientId, string sampleId, string? locus = null) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/str/{Uri.EscapeDataString(sampleId)}/review{(locus is null ? string.Empty : "?locus=" + Uri.EscapeDataString(locus))}";
}
