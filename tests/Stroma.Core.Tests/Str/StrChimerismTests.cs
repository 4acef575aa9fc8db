using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

// Samples that are not a mixture of their references, from the shared single-source Identifiler files (PROVENANCE.md): NIST MIX05
// persons A and K and the kit control 9947A (2005 run), UT57312, C2 01-0801 and the two-person mixture ESM7 (2002 run). Each is
// refused as inconsistent with its references (STR013) by the shares alone — their sum or the disagreement of their loci — whether
// or not its foreign alleles are also seen; a sample typed against its own reference is accepted and reads 100 %.
public sealed class StrChimerismTests
{
    private const string Run2005Ladder = "Identifiler_LADDER.fsa";
    private const string Run2002Ladder = "A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa";

    private static readonly Lazy<Kit> Kit = new(StrTestData.Identifiler);
    private static readonly Dictionary<string, LadderRun> Ladders = [];

    private static AbifFile Read(string name) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/identifiler/{name}"), name);

    private static LadderRun Ladder(string name)
    {
        lock (Ladders)
        {
            if (!Ladders.TryGetValue(name, out var ladder))
            {
                Ladders[name] = ladder = StrAnalysis.Ladder(Read(name), name, Kit.Value, "GS500LIZ", StrSettings.Default).ValueOrThrow();
            }

            return ladder;
        }
    }

    private static ChimerismRun Run(string ladderName, string sample, string recipient, string donor)
    {
        var ladder = Ladder(ladderName);
        SampleAnalysis Analyze(string name) => StrAnalysis.Sample(Read(name), name, ladder, "GS500LIZ", StrSettings.Default, SampleRole.Sample).ValueOrThrow();
        var calls = Analyze(sample);
        return StrChimerism.Analyze(ladder, [new ChimerismReference("recipient", Analyze(recipient)), new ChimerismReference("donor", Analyze(donor))], calls.Lane, new ChimerismSettings(), PeakSignal.Height, calls);
    }

    // Measured: K read as A + 9947A gives 38.1 + 61.9 = 100.0 %, and 9947A read as A + K 50.1 + 55.6 = 105.6 %: the sum passes, but
    // their loci read near 0 or 100 % each (SD 45.9 and 52.7 points); the untyped two-person mixture ESM7 read as UT57312 + C2 gives
    // 50.5 + 60.7 = 111.2 %.
    [Theory]
    [InlineData(Run2005Ladder, "MIX05case3_victim.fsa", "MIX05case2_victim.fsa", "Positive_Control.fsa", "spread")]
    [InlineData(Run2005Ladder, "Positive_Control.fsa", "MIX05case2_victim.fsa", "MIX05case3_victim.fsa", "spread")]
    [InlineData(Run2002Ladder, "artifact_mixture_G01_ESM7.fsa", "artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa", "artifact_imbalance_Amel_F04_C2_01-0801.fsa", "sum")]
    public void CheckSum_SampleOfOtherPersons_IsStr013(string ladder, string sample, string recipient, string donor, string why)
    {
        var run = Run(ladder, sample, recipient, donor);

        var issue = Chimerism.CheckSum(run.Contributors, sample);

        Assert.Equal((StrIssues.InconsistentWithReferences, sample), (issue?.Code, issue?.Location));
        var sum = run.Contributors.Sum(c => c.Percent ?? 0);
        var sumOff = Math.Abs(sum - 100) > Chimerism.SumTolerancePercent;
        Assert.True(why == "sum" ? sumOff : !sumOff && run.Contributors.Any(c => c.StandardDeviation > Chimerism.SpreadLimitPercent), $"{why}: sum {sum:0.0}");
        Assert.NotNull(StrChimerism.Consistency(run, sample));
    }

    [Theory]
    [InlineData(Run2005Ladder, "MIX05case2_victim.fsa", "MIX05case3_victim.fsa")]
    [InlineData(Run2005Ladder, "MIX05case3_victim.fsa", "Positive_Control.fsa")]
    [InlineData(Run2002Ladder, "artifact_imbalance_Amel_F04_C2_01-0801.fsa", "artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa")]
    [InlineData(Run2002Ladder, "artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa", "artifact_imbalance_Amel_F04_C2_01-0801.fsa")]
    public void Consistency_SampleIsTheRecipientsOwnReference_IsAcceptedAtAtMost100(string ladder, string recipient, string donor)
    {
        var run = Run(ladder, recipient, recipient, donor);

        Assert.Null(StrChimerism.Consistency(run, recipient));
        var share = run.Contributors.Single(c => c.Contributor == "recipient");
        Assert.InRange(share.Percent!.Value, 99, 100);
        Assert.All(share.Loci, l => Assert.InRange(l.Fraction, 0, 1));
        Assert.False(run.Contributors.Single(c => c.Contributor == "donor").IsDetected);
    }
}
