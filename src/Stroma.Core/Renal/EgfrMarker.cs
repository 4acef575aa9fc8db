namespace Stroma.Core.Renal;

/// <summary>Which filtration markers an equation uses.</summary>
public enum EgfrMarker
{
    /// <summary>Serum creatinine only.</summary>
    Creatinine,

    /// <summary>Serum cystatin C only.</summary>
    CystatinC,

    /// <summary>Creatinine and cystatin C together.</summary>
    CreatinineAndCystatinC,
}
