using System.Collections.Immutable;

namespace Stroma.Core.CellProducts;

/// <summary>Who the cells came from, relative to the recipient.</summary>
public enum DonorKind
{
    /// <summary>An unrelated third party (the seed case's allogeneic bone-marrow MSC).</summary>
    ThirdParty,

    /// <summary>The kidney donor.</summary>
    KidneyDonor,

    /// <summary>The recipient's own cells.</summary>
    Autologous,
}

/// <summary>An MSC donor (pseudonymous), with HLA typing where known.</summary>
/// <param name="Id">Donor code.</param>
/// <param name="Kind">Relation to the recipient.</param>
/// <param name="Hla">HLA typing as written (for example "A*02:01, A*24:02; B*…"), or null.</param>
public sealed record CellDonor(string Id, DonorKind Kind, string? Hla = null);

/// <summary>One bag (division) of a lot: its ISBT 128 DIN, opaque product code and division, cells and volume.</summary>
/// <param name="Id">Bag id.</param>
/// <param name="Din">Donation identification number.</param>
/// <param name="ProductCode">ISBT 128 product code, kept opaque (its database is licensed).</param>
/// <param name="Division">Division code.</param>
/// <param name="Cells">Viable cells in the bag.</param>
/// <param name="VolumeMl">Volume in mL.</param>
/// <param name="AllocatedToPatientId">The recipient the bag was dispensed for, once dispensed.</param>
public sealed record Bag(string Id, Din Din, string ProductCode, string Division, double Cells, double VolumeMl, string? AllocatedToPatientId = null)
{
    /// <summary>Concentration in cells/mL.</summary>
    public double CellsPerMl => Cells / VolumeMl;
}

/// <summary>How a lot is kept.</summary>
public enum Preservation
{
    /// <summary>Fresh (not frozen).</summary>
    Fresh,

    /// <summary>Cryopreserved; thawed before infusion.</summary>
    Cryopreserved,
}

/// <summary>An MSC lot from one donor.</summary>
/// <param name="Id">Lot number.</param>
/// <param name="Donor">The donor.</param>
/// <param name="SourceTissue">Source tissue (bone marrow, umbilical cord, adipose).</param>
/// <param name="Passage">Passage at harvest.</param>
/// <param name="Preservation">Fresh or cryopreserved.</param>
/// <param name="ManufacturedAt">End of manufacture.</param>
/// <param name="ExpiresAt">Expiry.</param>
/// <param name="Site">Manufacturing site.</param>
/// <param name="Bags">Its bags.</param>
public sealed record MscLot(
    string Id, CellDonor Donor, string SourceTissue, int Passage, Preservation Preservation, DateTimeOffset ManufacturedAt, DateTimeOffset ExpiresAt, string Site,
    ImmutableArray<Bag> Bags);
