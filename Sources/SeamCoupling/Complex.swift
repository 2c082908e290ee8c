import Foundation

/// A minimal complex number for the anisotropic crack-tip fields (Lekhnitskii roots and
/// potentials). Seam has no swift-numerics dependency; this covers the few operations the
/// closed forms need: arithmetic, principal square root and polynomial roots.
public struct Complex: Sendable, Hashable, CustomStringConvertible {
    public var re: Double
    public var im: Double
    @inlinable public init(_ re: Double, _ im: Double) { self.re = re; self.im = im }

    public var magnitude: Double { (re * re + im * im).squareRoot() }
    public var description: String { "\(re)\(im < 0 ? "-" : "+")\(abs(im))i" }

    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    @inlinable public static func * (s: Double, a: Complex) -> Complex { Complex(s * a.re, s * a.im) }
    @inlinable public static func / (a: Complex, b: Complex) -> Complex {
        let d = b.re * b.re + b.im * b.im
        return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    @inlinable public static func / (s: Double, a: Complex) -> Complex { Complex(s, 0) / a }

    /// Principal square root (branch cut on the negative real axis, Re √z ≥ 0).
    public func squareRoot() -> Complex {
        let m = magnitude
        guard m > 0 else { return Complex(0, 0) }
        let r = ((m + re) / 2).squareRoot()
        let i = ((m - re) / 2).squareRoot()
        return Complex(r, im < 0 ? -i : i)
    }

    /// Value of Σ_k c_k z^k (coefficients in ascending order).
    static func polynomial(_ c: [Double], at z: Complex) -> Complex {
        var v = Complex(0, 0)
        for a in c.reversed() { v = v * z + Complex(a, 0) }
        return v
    }

    /// All roots of the polynomial Σ_k c_k z^k (ascending coefficients, c_last ≠ 0) by the
    /// Durand-Kerner (Weierstrass) iteration, polished by Newton steps on the polynomial.
    static func quarticRoots(_ c: [Double]) -> [Complex] {
        let n = c.count - 1
        precondition(n >= 1 && c[n] != 0, "leading coefficient must be non-zero")
        let monic = c.map { $0 / c[n] }
        let bound = 1 + monic.dropLast().map(abs).max()!
        var z = (0..<n).map { k in
            let t = 2 * Double.pi * Double(k) / Double(n) + 0.4
            return Complex(0.5 * bound * cos(t), 0.5 * bound * sin(t))
        }
        for _ in 0..<500 {
            var change = 0.0
            for i in 0..<n {
                var den = Complex(1, 0)
                for j in 0..<n where j != i { den = den * (z[i] - z[j]) }
                let step = polynomial(monic, at: z[i]) / den
                z[i] = z[i] - step
                change = max(change, step.magnitude)
            }
            if change < 1e-15 * bound { break }
        }
        let derivative = (1..<monic.count).map { Double($0) * monic[$0] }
        return z.map { r in
            var x = r
            for _ in 0..<3 {
                let d = polynomial(derivative, at: x)
                guard d.magnitude > 0 else { break }
                let next = x - polynomial(monic, at: x) / d
                // Near a double root Newton may overshoot; keep only improving steps.
                guard polynomial(monic, at: next).magnitude < polynomial(monic, at: x).magnitude else { break }
                x = next
            }
            return x
        }
    }
}
