using Stroma.Core.Biomarkers;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class MixedModelTests
{
    // nlme's ergoStool (Devore 1995, exercise 11.9): effort to arise from 4 stool types (T1–T4), 9 subjects, one rating each.
    private static readonly double[,] ErgoStool =
    {
        { 12, 15, 12, 10 }, { 10, 14, 13, 12 }, { 7, 14, 13, 9 }, { 7, 11, 10, 9 }, { 8, 11, 8, 7 }, { 9, 11, 11, 10 }, { 8, 12, 12, 11 },
        { 7, 11, 8, 7 }, { 9, 13, 10, 8 },
    };

    private static List<CohortObservation> Ergo(params (int Subject, int Type)[] missing) =>
        [.. from s in Enumerable.Range(0, 9) from t in Enumerable.Range(0, 4) where !missing.Contains((s, t))
            select new CohortObservation($"S{s + 1}", t, ErgoStool[s, t])];

    // Pinheiro and Bates (2000) §1.2, lme(effort ~ Type, random = ~1 | Subject), REML, treatment contrasts: T2 3.8889, T3 2.2222,
    // T4 0.6667 (SE 0.51868, DF 24, t 7.498 / 4.284 / 1.285, p 0.2110 for T4); intercept 8.5556 (SE 0.57601); σb 1.3325, σ 1.1003;
    // anova: Type F(3, 24) = 22.36. The same figures from the two-way ANOVA identities of a balanced design (SciPy).
    [Fact]
    public void Fit_ErgoStool_ReproducesNlme()
    {
        var fit = MixedModel.Fit(Ergo(), baselineDay: 0).ValueOrThrow();

        Assert.Equal(8.5556, fit.BaselineMean, 1e-4);
        Assert.Equal([3.8889, 2.2222, 0.6667], fit.Effects.Select(e => Math.Round(e.Estimate, 4)));
        Assert.All(fit.Effects, e => Assert.Equal(0.51868, e.StandardError, 1e-5));
        Assert.Equal([7.4976, 4.2843, 1.2853], fit.Effects.Select(e => Math.Round(e.T, 4)));
        Assert.Equal(24, fit.DegreesOfFreedom);
        Assert.Equal(0.21095, fit.Effects[2].PTwoSided, 1e-5);
        Assert.Equal(2.56293e-4, fit.Effects[1].PTwoSided, 1e-9);
        Assert.Equal(1.3325, fit.BetweenPatientSd, 1e-4);
        Assert.Equal(1.1003, fit.ResidualSd, 1e-4);
        Assert.Equal(22.3556, fit.TimeF, 1e-4);
        Assert.Equal((9, 36), (fit.Patients, fit.Observations));
    }

    // Unbalanced (five ratings removed): a second implementation — NumPy/SciPy REML over full covariance matrices (Nelder–Mead on
    // ln σb², ln σ²) — gives σb 1.36872428, σ 1.09084848, effects 3.8361966 / 2.15207055 / 0.39798174 (SE 0.58074511, 0.55505076,
    // 0.55505076), DF 19, F 18.34600819. Subjects missing a day still inform the others.
    [Fact]
    public void Fit_UnbalancedErgoStool_MatchesAnIndependentReml()
    {
        var fit = MixedModel.Fit(Ergo((0, 1), (3, 3), (5, 1), (8, 2), (6, 0)), baselineDay: 0).ValueOrThrow();

        Assert.Equal(1.36872428, fit.BetweenPatientSd, 1e-5);
        Assert.Equal(1.09084848, fit.ResidualSd, 1e-5);
        Assert.Equal(8.71036871, fit.BaselineMean, 1e-5);
        Assert.All(fit.Effects.Zip([3.8361966, 2.15207055, 0.39798174], [0.58074511, 0.55505076, 0.55505076]), e =>
        {
            Assert.Equal(e.Second, e.First.Estimate, 1e-5);
            Assert.Equal(e.Third, e.First.StandardError, 1e-5);
        });
        Assert.Equal(19, fit.DegreesOfFreedom);
        Assert.Equal(18.34600819, fit.TimeF, 1e-4);
        Assert.Equal([7, 8, 8], fit.Effects.Select(e => e.Patients));
    }

    // Two time points, complete: the model's test is the paired t test. Student's sleep data (R datasets::sleep; Cushny and Peebles
    // 1905): t.test(extra ~ group, paired = TRUE) gives mean difference 1.58 (group 2 − 1), t = 4.0621, df = 9, p = 0.002833,
    // 95 % CI 0.7001142 to 2.4598858.
    [Fact]
    public void Fit_SleepTwoPoints_IsThePairedTTest()
    {
        double[] one = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        double[] two = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
        var observations = one.Select((v, i) => new CohortObservation($"P{i}", 1, v)).Concat(two.Select((v, i) => new CohortObservation($"P{i}", 2, v))).ToList();

        var effect = Assert.Single(MixedModel.Fit(observations, baselineDay: 1).ValueOrThrow().Effects);

        Assert.Equal(1.58, effect.Estimate, 1e-10);
        Assert.Equal(4.0621, effect.T, 1e-4);
        Assert.Equal(0.002833, effect.PTwoSided, 1e-6);
        Assert.Equal(0.7001142, effect.Lower95, 1e-6);
        Assert.Equal(2.4598858, effect.Upper95, 1e-6);
    }

    [Fact]
    public void Fit_NoBaselineOrOnePatient_IsNotEstimable()
    {
        var noBaseline = MixedModel.Fit(Ergo(), baselineDay: 9);
        var onePatient = MixedModel.Fit([.. Ergo().Where(o => o.Patient == "S1")], baselineDay: 0);

        Assert.Contains("baseline day 9", Assert.Single(noBaseline.Issues).Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 patients", Assert.Single(onePatient.Issues).Message, StringComparison.Ordinal);
        Assert.Equal(MixedModelIssues.NotEstimable, onePatient.Issues[0].Code);
    }

    // Values that leave no residual at all (every patient exactly 1 higher on day 2): the variance ratio runs to the search's bound
    // and any t would be an artefact of that bound, so the model says so instead of a p. A tiny real residual (±0.001) is fitted.
    [Fact]
    public void Fit_NoResidualVariation_IsRefusedNotAnArtefactualP()
    {
        List<CohortObservation> Cohort(double wobble) =>
            [.. Enumerable.Range(0, 4).SelectMany(p => new[] { new CohortObservation($"P{p}", 1, 2 * p), new CohortObservation($"P{p}", 2, (2 * p) + 1 + (p % 2 == 0 ? wobble : -wobble)) })];

        var exact = MixedModel.Fit(Cohort(0), baselineDay: 1);
        var nearly = MixedModel.Fit(Cohort(0.001), baselineDay: 1);

        Assert.Contains("within-patient variation", Assert.Single(exact.Issues).Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(nearly.ValueOrThrow().Effects).Estimate, 1e-9);
    }
}
