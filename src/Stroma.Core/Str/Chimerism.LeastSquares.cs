using System.Collections.Immutable;

namespace Stroma.Core.Str;

/// <summary>The constrained least-squares estimate of every contributor at once.</summary>
public static partial class Chimerism
{
    /// <summary>
    /// The least-squares fractions of every contributor at once (Σ f = 1, f ≥ 0): minimise Σ over loci and reference alleles of
    /// (S(a)/T − Σ_X f_X w_X(a))², S less the locus's noise floor,, w_X(a) being the share of X's own signal at allele a in its reference profile (½ n_X(a) when
    /// balanced; <see cref="ChimerismLocus.Balance"/>). Uses shared alleles too. Exact for two or three contributors.
    /// </summary>
    /// <exception cref="ArgumentException">Not two or three contributors.</exception>
    public static ImmutableDictionary<string, double> LeastSquares(IReadOnlyList<ChimerismLocus> loci)
    {
        ArgumentNullException.ThrowIfNull(loci);
        var names = loci.SelectMany(l => l.References.Keys).Distinct().ToList();
        if (names.Count is < 2 or > 3)
        {
            throw new ArgumentException("The constrained least-squares estimate takes two or three contributors.", nameof(loci));
        }

        // Rows: y = S(a)/T, x_X = w_X(a). With f_last = 1 − Σ others, y − x_last = Σ_k f_k (x_k − x_last).
        var rows = new List<(double Y, double[] X)>();
        foreach (var locus in loci)
        {
            var alleles = locus.References.SelectMany(r => r.Value).Distinct().ToList();
            var total = alleles.Sum(a => Net(locus, a));
            if (total <= 0)
            {
                continue;
            }

            foreach (var allele in alleles)
            {
                var x = names.Select(n => locus.ShareOf(n, [allele])).ToArray();
                rows.Add((Net(locus, allele) / total, x));
            }
        }

        var free = names.Count - 1;
        double Residual(double[] f) => rows.Sum(r => Math.Pow(r.Y - Enumerable.Range(0, names.Count).Sum(i => (i < free ? f[i] : 1 - f.Take(free).Sum()) * r.X[i]), 2));
        var candidates = new List<double[]>();
        var unconstrained = SolveNormal(rows, free, fixedIndex: null);
        candidates.Add(unconstrained);
        for (var edge = 0; edge < names.Count && free == 2; edge++)
        {
            // On each edge of the triangle one fraction is zero; solve the 1-D problem there.
            var solution = SolveNormal(rows, free, fixedIndex: edge);
            candidates.Add(solution);
        }

        candidates.AddRange(Enumerable.Range(0, names.Count).Select(v => Enumerable.Range(0, free).Select(i => i == v ? 1.0 : 0.0).ToArray()));
        var best = candidates.Where(f => f.All(v => v >= -1e-12) && f.Sum() <= 1 + 1e-12).MinBy(Residual)!;
        var fractions = best.Select(v => Math.Max(0, v)).Append(Math.Max(0, 1 - best.Sum())).ToArray();
        return names.Select((n, i) => (n, fractions[i])).ToImmutableDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
    }

    private static double[] SolveNormal(List<(double Y, double[] X)> rows, int free, int? fixedIndex)
    {
        var last = free;
        if (free == 1)
        {
            var (sxy, sxx) = (0.0, 0.0);
            foreach (var (y, x) in rows)
            {
                var d = x[0] - x[last];
                sxy += d * (y - x[last]);
                sxx += d * d;
            }

            return [sxx > 0 ? sxy / sxx : 0];
        }

        if (fixedIndex is { } zero)
        {
            // f_zero = 0: a two-contributor problem between the other two.
            var (a, b) = zero switch { 0 => (1, 2), 1 => (0, 2), _ => (0, 1) };
            var (sxy, sxx) = (0.0, 0.0);
            foreach (var (y, x) in rows)
            {
                var d = x[a] - x[b];
                sxy += d * (y - x[b]);
                sxx += d * d;
            }

            var fa = sxx > 0 ? Math.Clamp(sxy / sxx, 0, 1) : 0;
            var f = new double[3];
            f[a] = fa;
            f[b] = 1 - fa;
            return [f[0], f[1]];
        }

        double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
        foreach (var (y, x) in rows)
        {
            var (d1, d2, r) = (x[0] - x[2], x[1] - x[2], y - x[2]);
            s11 += d1 * d1;
            s12 += d1 * d2;
            s22 += d2 * d2;
            t1 += d1 * r;
            t2 += d2 * r;
        }

        var det = (s11 * s22) - (s12 * s12);
        return Math.Abs(det) < 1e-15 ? [double.NaN, double.NaN] : [((t1 * s22) - (t2 * s12)) / det, ((s11 * t2) - (s12 * t1)) / det];
    }

}
