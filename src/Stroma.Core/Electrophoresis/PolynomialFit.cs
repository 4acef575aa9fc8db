namespace Stroma.Core.Electrophoresis;

/// <summary>
/// Least-squares polynomials of low order (up to cubic) through a few dozen points, solved in place: Householder QR (Golub and
/// Van Loan, Matrix Computations, 4th ed. 2013, Algorithm 5.2.1; least squares by QR, §5.3.3) of the Vandermonde matrix of the
/// abscissae centred on their mean and scaled by their half range, then back substitution. Centring and scaling keep the matrix
/// well conditioned (scans of 3,000–10,000 cubed differ by twelve orders of magnitude). The size-standard matcher fits a cubic to
/// every hypothesis it judges; MathNet's <c>Fit.Polynomial</c> gives the same fit but builds matrices, a QR object and, above a
/// size, parallel loops for each one.
/// </summary>
internal static class PolynomialFit
{
    /// <summary>The highest order fitted.</summary>
    public const int MaxOrder = 3;

    /// <summary>The coefficients c0 … c_order of the least-squares polynomial c0 + c1·x + … of y on x (ascending powers, as MathNet gives them).</summary>
    /// <exception cref="ArgumentException">x and y differ in length, or there are fewer points than coefficients.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order is not 1 to <see cref="MaxOrder"/>.</exception>
    public static double[] Coefficients(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int order)
    {
        Span<double> scaled = stackalloc double[MaxOrder + 1];
        var (centre, scale) = Solve(x, y, order, scaled);
        // p(x) = Σ b_k·t^k with t = (x − centre)/scale, expanded in powers of x: t^k = Σ_j C(k, j)·x^j·(−centre)^(k−j)/scale^k.
        var coefficients = new double[order + 1];
        for (var k = 0; k <= order; k++)
        {
            var factor = scaled[k] / Math.Pow(scale, k);
            for (var j = 0; j <= k; j++)
            {
                coefficients[j] += factor * Binomial(k, j) * Math.Pow(-centre, k - j);
            }
        }

        return coefficients;
    }

    /// <summary>The root mean square of the residuals y − p(x) of the least-squares polynomial p of the given order.</summary>
    /// <exception cref="ArgumentException">x and y differ in length, or there are fewer points than coefficients.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order is not 1 to <see cref="MaxOrder"/>.</exception>
    public static double RmsResidual(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int order)
    {
        Span<double> b = stackalloc double[MaxOrder + 1];
        var (centre, scale) = Solve(x, y, order, b);
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var t = (x[i] - centre) / scale;
            var fitted = 0.0;
            for (var k = order; k >= 0; k--)
            {
                fitted = (fitted * t) + b[k];
            }

            sum += (fitted - y[i]) * (fitted - y[i]);
        }

        return Math.Sqrt(sum / x.Length);
    }

    // Solves for the coefficients b (ascending powers of t = (x − centre)/scale) into `b`; returns centre and scale.
    private static (double Centre, double Scale) Solve(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int order, Span<double> b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        if (x.Length != y.Length || x.Length < order + 1)
        {
            throw new ArgumentException(FormattableString.Invariant($"Expected as many y as x values and at least {order + 1} points; found {x.Length} x and {y.Length} y."), nameof(y));
        }

        var (m, n) = (x.Length, order + 1);
        var (low, high) = (double.MaxValue, double.MinValue);
        foreach (var v in x)
        {
            (low, high) = (Math.Min(low, v), Math.Max(high, v));
        }

        var centre = (low + high) / 2;
        var scale = high > low ? (high - low) / 2 : 1;

        // a: the m × n Vandermonde matrix, column-major; r: the right-hand side, turned into Qᵀy.
        var a = m * n <= 1024 ? stackalloc double[m * n] : new double[m * n];
        var r = m <= 256 ? stackalloc double[m] : new double[m];
        y.CopyTo(r);
        for (var i = 0; i < m; i++)
        {
            var t = (x[i] - centre) / scale;
            var power = 1.0;
            for (var k = 0; k < n; k++)
            {
                a[(k * m) + i] = power;
                power *= t;
            }
        }

        for (var k = 0; k < n; k++)
        {
            // The Householder reflection v that maps column k below the diagonal onto −sign·‖·‖ e1.
            var column = a.Slice((k * m) + k, m - k);
            var norm = Norm(column);
            var alpha = column[0] > 0 ? -norm : norm;
            column[0] -= alpha;
            var vv = Dot(column, column);
            if (vv > 0)
            {
                for (var j = k + 1; j < n; j++)
                {
                    Reflect(column, vv, a.Slice((j * m) + k, m - k));
                }

                Reflect(column, vv, r[k..]);
            }

            column[0] = alpha; // R's diagonal; the rest of the column is no longer read
        }

        // Back substitution R·b = (Qᵀy)[0..n).
        for (var k = n - 1; k >= 0; k--)
        {
            var s = r[k];
            for (var j = k + 1; j < n; j++)
            {
                s -= a[(j * m) + k] * b[j];
            }

            b[k] = s / a[(k * m) + k];
        }

        return (centre, scale);
    }

    private static void Reflect(ReadOnlySpan<double> v, double vv, Span<double> target)
    {
        var factor = 2 * Dot(v, target) / vv;
        for (var i = 0; i < v.Length; i++)
        {
            target[i] -= factor * v[i];
        }
    }

    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        for (var i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }

    // The Euclidean norm, scaled by the largest magnitude so that squares neither overflow nor underflow.
    private static double Norm(ReadOnlySpan<double> v)
    {
        var largest = 0.0;
        foreach (var e in v)
        {
            largest = Math.Max(largest, Math.Abs(e));
        }

        if (largest == 0)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var e in v)
        {
            sum += (e / largest) * (e / largest);
        }

        return largest * Math.Sqrt(sum);
    }

    private static double Binomial(int n, int k) => k == 0 || k == n ? 1 : Binomial(n - 1, k - 1) + Binomial(n - 1, k);
}
