namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// A natural logarithm made of IEEE-754 basic operations only. <see cref="Math.Log(double)"/> comes from the
/// platform's C library, whose last bit may differ between glibc, musl and Windows; sampling must not, or a
/// recipe would replay differently on another machine. (.NET never fuses a*b+c implicitly, so the arithmetic
/// below rounds identically everywhere.)
/// </summary>
public static class PortableMath
{
    const double Ln2 = 0.6931471805599453;
    const double Sqrt2 = 1.4142135623730951;

    /// <summary>ln(x) for a positive, finite, normal x; accurate to a few ulp.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x) || !double.IsNormal(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "PortableMath.Log takes a positive, finite, normal number");
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);  // [1, 2)
        // Centre the mantissa on 1 so the series argument stays small: m in [1/sqrt2, sqrt2), |s| <= 0.1716.
        if (m > Sqrt2)
        {
            m *= 0.5;
            exponent++;
        }
        // ln(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...); 13 terms reach double precision for |s| <= 0.1716.
        double s = (m - 1) / (m + 1), s2 = s * s;
        double series = 1.0 / 25;
        for (int k = 11; k >= 0; k--) series = 1.0 / (2 * k + 1) + s2 * series;
        return 2 * s * series + exponent * Ln2;
    }
}
