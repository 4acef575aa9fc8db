namespace Stroma.Web.Features.Arrays;

/// <summary>The addresses of a patient's membrane array pages.</summary>
public static class ArrayPaths
{
    /// <summary>The patient page's array section.</summary>
    public static string Section(string patientId) => $"/patients/{Uri.EscapeDataString(patientId)}#arrays";

    /// <summary>The upload form.</summary>
    public static string Upload(string patientId) => $"/patients/{Uri.EscapeDataString(patientId)}/arrays/upload";

    /// <summary>A run's review page.</summary>
    public static string Run(string patientId, string runId) => $"/patients/{Uri.EscapeDataString(patientId)}/arrays/{Uri.EscapeDataString(runId)}";
}
