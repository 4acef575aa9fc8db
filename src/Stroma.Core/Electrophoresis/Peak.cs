namespace Stroma.Core.Electrophoresis;

/// <summary>
/// One peak of a baseline-corrected trace: apex (integer scan and the sub-scan refinement), height above baseline in RFU, area,
/// bounds, width at half maximum, and whether the raw signal was saturated there.
/// </summary>
/// <param name="ApexScan">Scan of the highest sample.</param>
/// <param name="Apex">Apex refined by a parabola through the three highest samples (scans).</param>
/// <param name="Height">Height above baseline (RFU).</param>
/// <param name="Area">Sum of the corrected signal from begin to end (RFU × scans).</param>
/// <param name="Begin">First scan of the peak.</param>
/// <param name="End">Last scan of the peak.</param>
/// <param name="HalfWidth">Full width at half maximum (scans).</param>
/// <param name="IsSaturated">True when the raw signal reached the instrument's cap or the scan is flagged off-scale.</param>
public sealed record Peak(int ApexScan, double Apex, double Height, double Area, int Begin, int End, double HalfWidth, bool IsSaturated);
