using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Age in decimal years (UCUM <c>a</c>), as eGFR equations with age terms need it.</summary>
/// <remarks>
/// <see cref="Between"/> counts completed years and adds the elapsed fraction of the current year of life (days since the last
/// birthday ÷ days from that birthday to the next). A person is therefore exactly 18.0 on their eighteenth birthday, which keeps the
/// age boundaries of CKiD U25, CKD-EPI and FAS exact; days ÷ 365.25 would put some birthdays a day early or late. A birthday on
/// 29 February falls on 28 February in common years.
/// </remarks>
public readonly record struct AgeInYears
{
    /// <summary>The oldest age accepted.</summary>
    public const double MaximumYears = 130;

    private AgeInYears(double years) => Years = years;

    /// <summary>The age in decimal years.</summary>
    public double Years { get; }

    /// <summary>Completed years (the age a person would say).</summary>
    public int CompletedYears => (int)Math.Floor(Years);

    /// <summary>Creates an age from decimal years.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, not finite, or above 130.</exception>
    public static AgeInYears FromYears(double years) =>
        double.IsFinite(years) && years >= 0 && years <= MaximumYears
            ? new AgeInYears(years)
            : throw new ArgumentOutOfRangeException(nameof(years), years, "Age must be a finite number of years from 0 to 130.");

    /// <summary>The age on <paramref name="at"/> of a person born on <paramref name="birthDate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <paramref name="birthDate"/>, or the age exceeds 130 years.</exception>
    public static AgeInYears Between(DateOnly birthDate, DateOnly at)
    {
        if (at < birthDate)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, FormattableString.Invariant($"The date {at:yyyy-MM-dd} is before the birth date {birthDate:yyyy-MM-dd}."));
        }

        var completed = at.Year - birthDate.Year;
        if (birthDate.AddYears(completed) > at)
        {
            completed--;
        }

        var lastBirthday = birthDate.AddYears(completed);
        var nextBirthday = birthDate.AddYears(completed + 1);
        var fraction = (double)(at.DayNumber - lastBirthday.DayNumber) / (nextBirthday.DayNumber - lastBirthday.DayNumber);
        return FromYears(completed + fraction);
    }

    /// <summary>Reads an age in years from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<AgeInYears> Read(double years, string location)
    {
        if (!double.IsFinite(years))
        {
            return ReadResult.Failed<AgeInYears>([Issue.Error(QuantityIssues.NotFinite, location, $"Expected a finite age in years; found {years}.")]);
        }

        return years is < 0 or > MaximumYears
            ? ReadResult.Failed<AgeInYears>([Issue.Error(QuantityIssues.Impossible, location, $"Expected an age from 0 to {MaximumYears} years; found {years}.")])
            : ReadResult.Of<AgeInYears>(new AgeInYears(years));
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Years:0.###} a");
}
